package dev.wirestack.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Counter;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery end to end (RFC 1191, RFC 9293 section 3.7.3): the client's TCP datagrams carry Don't Fragment,
 * as Linux sends them (ip_no_pmtu_disc = 0), a router before a 576-byte hop refuses them with "fragmentation
 * needed", and the client's connection lowers its MSS to the next-hop MTU less 40 and resends; the transfer
 * completes byte-exact and unfragmented.
 */
class TcpPathMtuTest {
    private static final int SMALL_MTU = 576;
    private static final int DATA = 40_000;

    private final List<TraceEvent> events = new ArrayList<>();

    @Test
    void fragmentationNeeded_lowersTheClientsMss_andTheTransferCompletesUnfragmented_rfc1191() {
        SimNetwork network = new SimNetwork(1, events::add);
        Host client = network.addHost(Host.builder("client").iface(MacAddress.local(0x0a010002), "10.1.0.2/24")
                .gateway("10.1.0.1"));
        Host router1 = network.addHost(Host.builder("r1").forwarding(true)
                .iface(MacAddress.local(0x0a010001), "10.1.0.1/24")
                .iface(MacAddress.local(0x0a090001), "10.9.0.1/30", SMALL_MTU).gateway("10.9.0.2"));
        Host router2 = network.addHost(Host.builder("r2").forwarding(true)
                .iface(MacAddress.local(0x0a090002), "10.9.0.2/30", SMALL_MTU)
                .iface(MacAddress.local(0x0a020001), "10.2.0.1/24").gateway("10.9.0.1"));
        Host server = network.addHost(Host.builder("server").iface(MacAddress.local(0x0a020002), "10.2.0.2/24")
                .gateway("10.2.0.1"));
        LinkSpec lan = LinkSpec.ethernet100M().delay(Duration.ofMillis(1));
        network.link(client, 0, router1, 0, lan);
        network.link(router1, 1, router2, 0, LinkSpec.ethernet10M().delay(Duration.ofMillis(5)));
        network.link(router2, 1, server, 0, lan);

        byte[] data = new byte[DATA];
        new SplittableRandom(7).nextBytes(data);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        server.tcpListen(80, 4).onAccept(socket -> socket.onReadable(s -> {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = s.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
            if (n < 0) {
                s.close();
            }
        }));
        TcpSocket socket = client.tcpConnect(Ipv4Address.parse("10.2.0.2"), 80);
        int[] written = {0};
        socket.onConnected(s -> written[0] += s.write(data)).onWritable(s -> {
            written[0] += s.write(data, written[0], DATA - written[0]);
            if (written[0] == DATA) {
                s.close();
            }
        });
        network.runFor(Duration.ofSeconds(30));

        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(clientTcpDatagrams()).isNotEmpty().allSatisfy(h -> assertThat(h.dontFragment()).isTrue());
        assertThat(router1.stats().drops(DropReason.FRAGMENTATION_NEEDED)).isPositive();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TraceEvent.IcmpSent.class,
                sent -> assertThat(sent.code()).isEqualTo(IcmpHeader.FRAGMENTATION_NEEDED)));
        assertThat(router1.stats().get(Counter.IP_FRAGMENTS_SENT)).isZero();
        assertThat(server.stats().get(Counter.IP_FRAGMENTS_RECEIVED)).isZero();
        assertThat(client.stats().drops(DropReason.ICMP_OUT_OF_WINDOW)).isZero();
        // After the first refusal reached the client every data segment fits the 576-byte hop: 536 bytes less 12 of
        // timestamps.
        assertThat(largestTcpDatagramAfterRefusal()).isEqualTo(SMALL_MTU);
        assertThat(socket.error()).isNull();
    }

    /** The headers of the TCP datagrams the client sent, in order. */
    private List<Ipv4Header> clientTcpDatagrams() {
        return events.stream()
                .filter(e -> e instanceof TraceEvent.FrameSent sent && sent.node().equals("client")
                        && Decoded.isTcp(sent.frame()))
                .map(e -> Decoded.ipv4(((TraceEvent.FrameSent) e).frame()).header())
                .toList();
    }

    /** The largest TCP datagram the client sent after the first "fragmentation needed" reached it. */
    private int largestTcpDatagramAfterRefusal() {
        boolean refused = false;
        int largest = 0;
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.FrameReceived arrived && arrived.node().equals("client")
                    && Decoded.isIcmp(arrived.frame())
                    && Decoded.icmp(arrived.frame()).header().code() == IcmpHeader.FRAGMENTATION_NEEDED) {
                refused = true;
            } else if (refused && event instanceof TraceEvent.FrameSent sent && sent.node().equals("client")
                    && Decoded.isTcp(sent.frame())) {
                largest = Math.max(largest, Decoded.ipv4(sent.frame()).header().totalLength());
            }
        }
        return largest;
    }
}
