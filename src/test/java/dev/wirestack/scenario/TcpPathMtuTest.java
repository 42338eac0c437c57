package dev.wirestack.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Counter;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Checksum;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery end to end (RFC 1191, RFC 9293 section 3.7.3): the client's segments carry Don't Fragment, a
 * router before a 576-byte hop refuses them with "fragmentation needed", and the client's connection lowers its MSS
 * to the next-hop MTU less 40 and resends; the transfer completes byte-exact and unfragmented.
 *
 * <p>Wirestack's IP layer does not set DF yet, so a relay on the client's link sets it on the client's datagrams,
 * as a Linux client (ip_no_pmtu_disc = 0) would send them.
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
        DontFragmentSetter dontFragment = new DontFragmentSetter();
        DroppingRelay relay = network.add("df", new DroppingRelay((now, port, frame) -> false, dontFragment));
        LinkSpec lan = LinkSpec.ethernet100M().delay(Duration.ofMillis(1));
        network.link(client, 0, relay, 0, lan);
        network.link(relay, 1, router1, 0, lan);
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
        assertThat(router1.stats().drops(DropReason.FRAGMENTATION_NEEDED)).isPositive();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TraceEvent.IcmpSent.class,
                sent -> assertThat(sent.code()).isEqualTo(IcmpHeader.FRAGMENTATION_NEEDED)));
        assertThat(router1.stats().get(Counter.IP_FRAGMENTS_SENT)).isZero();
        assertThat(server.stats().get(Counter.IP_FRAGMENTS_RECEIVED)).isZero();
        assertThat(client.stats().drops(DropReason.ICMP_OUT_OF_WINDOW)).isZero();
        // After the first refusal every data segment fits the 576-byte hop: 536 bytes less 12 of timestamps.
        assertThat(dontFragment.largestAfterRefusal()).isEqualTo(SMALL_MTU);
        assertThat(socket.error()).isNull();
    }

    /**
     * What passes the relay on the client's link: DF is set on every IPv4 datagram from the client (port 0), and
     * the largest TCP datagram the client sent after the first "fragmentation needed" came back (port 1) is noted.
     */
    private static final class DontFragmentSetter implements DroppingRelay.Rewrite {
        private static final int ETHERNET_HEADER = 14;
        private boolean refused;
        private int largestAfterRefusal;

        @Override
        public byte[] apply(int port, byte[] frame) {
            if (port == 1 && Decoded.isIcmp(frame)
                    && Decoded.icmp(frame).header().code() == IcmpHeader.FRAGMENTATION_NEEDED) {
                refused = true;
            }
            if (port != 0 || !Decoded.isIpv4(frame)) {
                return frame;
            }
            byte[] withDf = withDontFragment(frame);
            Ipv4Header header = Decoded.ipv4(withDf).header();
            if (refused && header.protocol() == Ipv4Header.PROTOCOL_TCP) {
                largestAfterRefusal = Math.max(largestAfterRefusal, header.totalLength());
            }
            return withDf;
        }

        /** The frame with the DF bit set and the IPv4 header checksum computed again. */
        private static byte[] withDontFragment(byte[] original) {
            byte[] frame = original.clone();
            frame[ETHERNET_HEADER + 6] |= 0x40;
            frame[ETHERNET_HEADER + 10] = 0;
            frame[ETHERNET_HEADER + 11] = 0;
            int headerLength = (frame[ETHERNET_HEADER] & 0x0f) * 4;
            int checksum = Checksum.compute(MemorySegment.ofArray(frame), ETHERNET_HEADER, headerLength);
            frame[ETHERNET_HEADER + 10] = (byte) (checksum >>> 8);
            frame[ETHERNET_HEADER + 11] = (byte) checksum;
            return frame;
        }

        int largestAfterRefusal() {
            return largestAfterRefusal;
        }
    }
}
