package dev.wirestack.scenario;

import dev.wirestack.arp.ArpCache;
import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostConfig;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.udp.UdpError;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client sends to 10.1.0.77, an address on its own LAN where nobody lives. It asks "who has 10.1.0.77?" again
 * and again at the configured interval, and after the configured number of unanswered requests gives up: what waited
 * is dropped, and the sockets that sent it hear "host unreachable" from the client itself.
 */
class ArpGiveUpTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final Ipv4Address CLIENT = Ipv4Address.parse("10.1.0.2");
    private static final Ipv4Address NOBODY = Ipv4Address.parse("10.1.0.77");

    private final List<TraceEvent> events = new ArrayList<>();
    private final List<FrameCapture.Frame> clientWire = new ArrayList<>();

    @Test
    void fiveRequests250msApart_thenGiveUp_pingAndUdpHearHostUnreachable_andTheQueuedDatagramsAreDropped() {
        ArpCache.Config arp = new ArpCache.Config(Duration.ofSeconds(30), Duration.ofMillis(250), 5, 16, 1024);
        SimNetwork network = new SimNetwork(1, this::record);
        Host client = network.add("client", Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24")
                .config(HostConfig.DEFAULT.withArp(arp).withGratuitousArp(false)).tracer(network.tracer())
                .frameEvents(false).build());
        Host neighbour = network.add("neighbour", Host.builder("neighbour").iface(MacAddress.local(3), "10.1.0.3/24")
                .tracer(network.tracer()).frameEvents(false).build());
        EthernetSwitch lan = network.addSwitch("sw", 2);
        network.link(client, 0, lan, 0, LinkSpec.ethernet100M());
        network.link(neighbour, 0, lan, 1, LinkSpec.ethernet100M());

        List<PingEvent> heard = new ArrayList<>();
        PingSocket ping = client.openPing(heard::add);
        UdpSocket udp = client.openUdp(0);
        network.schedule(SECOND, () -> {
            ping.send(NOBODY, 1, 56);
            ping.send(NOBODY, 2, 56);
            udp.send(NOBODY, 53, new byte[20]);
        });
        network.runUntil(5 * SECOND);

        // One resolution for all three datagrams: a request at once, then one every 250 ms until five went out.
        assertThat(arpRequestTimesFor(NOBODY)).containsExactly(SECOND, SECOND + 250 * MILLI, SECOND + 500 * MILLI,
                SECOND + 750 * MILLI, 2 * SECOND);
        long gaveUp = 2 * SECOND + 250 * MILLI;
        assertThat(events).contains(new TraceEvent.ArpFailed(gaveUp, "client", 0, NOBODY));
        assertThat(events).filteredOn(event -> event instanceof TraceEvent.Dropped dropped
                        && dropped.reason() == DropReason.ARP_UNRESOLVED)
                .hasSize(3).allSatisfy(event -> assertThat(event.timeNanos()).isEqualTo(gaveUp));
        assertThat(client.stats().drops(DropReason.ARP_UNRESOLVED)).isEqualTo(3);
        assertThat(clientWire).as("no datagram left the client").allSatisfy(frame ->
                assertThat(Decoded.isArp(frame.bytes())).isTrue());

        assertThat(heard).hasSize(2).allSatisfy(event -> assertThat(event).isInstanceOfSatisfying(
                PingEvent.Error.class, error -> {
                    assertThat(error.timeNanos()).isEqualTo(gaveUp);
                    assertThat(error.reporter()).isEqualTo(CLIENT);
                    assertThat(error.destination()).isEqualTo(NOBODY);
                    assertThat(error.type()).isEqualTo(IcmpHeader.DESTINATION_UNREACHABLE);
                    assertThat(error.code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE);
                }));
        assertThat(heard).extracting(PingEvent::sequence).containsExactly(1, 2);
        UdpError error = udp.pollError();
        assertThat(error).isEqualTo(new UdpError(gaveUp, CLIENT, NOBODY, 53, IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.HOST_UNREACHABLE));
        assertThat(udp.pollError()).isNull();
        assertThat(client.iface(0).arpEntries()).as("the failed entry is forgotten").isZero();
    }

    @Test
    void withTheDefaults_threeRequestsOneSecondApart_andHostUnreachableAfterThree() {
        ReferenceNetwork reference = new ReferenceNetwork(1, 0, this::record);
        List<PingEvent> heard = new ArrayList<>();
        PingSocket ping = reference.client().openPing(heard::add);
        reference.network().schedule(SECOND, () -> ping.send(NOBODY, 1, 56));
        reference.network().runUntil(10 * SECOND);

        assertThat(arpRequestTimesFor(NOBODY)).containsExactly(SECOND, 2 * SECOND, 3 * SECOND);
        assertThat(events).contains(new TraceEvent.ArpFailed(4 * SECOND, "client", 0, NOBODY));
        assertThat(heard).singleElement().isInstanceOfSatisfying(PingEvent.Error.class,
                error -> assertThat(error.code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE));
        assertThat(reference.client().stats().drops(DropReason.ARP_UNRESOLVED)).isEqualTo(1);
    }

    private void record(TraceEvent event) {
        events.add(event);
        if (event instanceof TraceEvent.FrameSent sent && sent.node().equals("client")) {
            clientWire.add(new FrameCapture.Frame(sent.timeNanos(), sent.frame().clone()));
        }
    }

    /** When the client broadcast "who has {@code address}?". */
    private List<Long> arpRequestTimesFor(Ipv4Address address) {
        return clientWire.stream().filter(frame -> Decoded.isArp(frame.bytes())).filter(frame -> {
            ArpPacket arp = Decoded.arp(frame.bytes());
            return arp.operation() == ArpPacket.REQUEST && arp.targetIp().equals(address);
        }).map(FrameCapture.Frame::timeNanos).toList();
    }
}
