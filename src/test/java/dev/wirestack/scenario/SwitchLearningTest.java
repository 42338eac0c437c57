package dev.wirestack.scenario;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostConfig;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three hosts on one switch, quiet until a pings b. a's ARP request is a broadcast, so the switch floods it to b and
 * c, and learns where a is. b's reply is unicast to a, whom the switch now knows: it goes out of a's port only, and
 * the switch learns where b is. c never spoke, so the switch never learns it.
 */
class SwitchLearningTest {
    private static final long SECOND = 1_000_000_000L;
    private static final MacAddress A = MacAddress.local(0xa);
    private static final MacAddress B = MacAddress.local(0xb);
    private static final MacAddress C = MacAddress.local(0xc);
    private static final LinkSpec LAN = LinkSpec.ethernet100M();

    @Test
    void arpFloods_theReplyGoesOnlyToTheAsker_andTheTableHoldsExactlyTheHostsThatSpoke() {
        List<TraceEvent> events = new ArrayList<>();
        SimNetwork network = new SimNetwork(1, events::add);
        // No gratuitous ARP: the hosts stay silent until the ping, so the switch learns only from it.
        HostConfig quiet = HostConfig.DEFAULT.withGratuitousArp(false).withFrameEvents(false);
        Host a = network.add("a", Host.builder("a").iface(A, "10.0.0.1/24").config(quiet).tracer(events::add).build());
        Host b = network.add("b", Host.builder("b").iface(B, "10.0.0.2/24").config(quiet).tracer(events::add).build());
        Host c = network.add("c", Host.builder("c").iface(C, "10.0.0.3/24").config(quiet).tracer(events::add).build());
        EthernetSwitch lan = network.addSwitch("sw", 4);
        network.link(a, 0, lan, 0, LAN);
        network.link(b, 0, lan, 1, LAN);
        network.link(c, 0, lan, 2, LAN);
        List<PingEvent> heard = new ArrayList<>();
        network.schedule(SECOND, () -> a.openPing(heard::add).send(Ipv4Address.parse("10.0.0.2"), 1, 56));
        network.runUntil(2 * SECOND);

        assertThat(heard).singleElement().isInstanceOf(PingEvent.Reply.class);

        // The request reached every other port, the empty port 3 included; c heard it and nothing else.
        assertThat(sentBy(events, "sw")).extracting(TraceEvent.FrameSent::port).containsExactly(
                1, 2, 3, // who has 10.0.0.2? flooded
                0,       // 10.0.0.2 is at b: to a only
                1,       // echo request: to b only
                0);      // echo reply: to a only
        List<byte[]> heardByC = receivedBy(events, "c");
        assertThat(heardByC).singleElement().satisfies(frame -> {
            ArpPacket arp = Decoded.arp(frame);
            assertThat(arp.operation()).isEqualTo(ArpPacket.REQUEST);
            assertThat(arp.senderMac()).isEqualTo(A);
        });
        assertThat(receivedBy(events, "a")).extracting(frame -> Decoded.ethernet(frame).header().destination())
                .containsOnly(A);
        assertThat(receivedBy(events, "b")).filteredOn(Decoded::isIcmp).singleElement()
                .satisfies(frame -> assertThat(Decoded.icmp(frame).header().type()).isEqualTo(IcmpHeader.ECHO_REQUEST));

        assertThat(lan.framesFlooded()).isEqualTo(1);
        assertThat(lan.framesForwarded()).isEqualTo(3);
        assertThat(lan.macTable()).isEqualTo(Map.of(A, 0, B, 1));
        // Learned when each host's first frame reached the switch: one 60-byte ARP frame on the wire (4.8 us at
        // 100 Mbit/s) for a; for b, the request's two hops and its own reply's one.
        long arpHop = LAN.serialisationNanos(60);
        assertThat(events).filteredOn(TraceEvent.MacLearned.class::isInstance).containsExactly(
                new TraceEvent.MacLearned(SECOND + arpHop, "sw", 0, A),
                new TraceEvent.MacLearned(SECOND + 3 * arpHop, "sw", 1, B));
    }

    private static List<TraceEvent.FrameSent> sentBy(List<TraceEvent> events, String node) {
        return events.stream().filter(e -> e instanceof TraceEvent.FrameSent sent && sent.node().equals(node))
                .map(TraceEvent.FrameSent.class::cast).toList();
    }

    private static List<byte[]> receivedBy(List<TraceEvent> events, String node) {
        return events.stream().filter(e -> e instanceof TraceEvent.FrameReceived received && received.node().equals(node))
                .map(e -> ((TraceEvent.FrameReceived) e).frame()).toList();
    }
}
