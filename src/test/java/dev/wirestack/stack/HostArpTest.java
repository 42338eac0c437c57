package dev.wirestack.stack;

import dev.wirestack.arp.ArpCache;
import dev.wirestack.link.NetworkNode.Transmission;
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

/** ARP on one host driven by hand-built frames (RFC 826), and the cache policy against poisoning. */
class HostArpTest {
    static final long SECOND = 1_000_000_000L;
    static final MacAddress MAC = MacAddress.local(1);
    static final Ipv4Address IP = Ipv4Address.parse("10.1.0.2");
    static final MacAddress PEER_MAC = MacAddress.local(9);
    static final Ipv4Address PEER = Ipv4Address.parse("10.1.0.9");

    final List<TraceEvent> events = new ArrayList<>();
    final Host host = Host.builder("h").iface(MAC, "10.1.0.2/24").tracer(events::add)
            .config(HostConfig.DEFAULT.withGratuitousArp(false)
                    .withArp(new ArpCache.Config(Duration.ofSeconds(30), Duration.ofSeconds(1), 3, 3, 1024))).build();

    static List<Transmission> drain(Host host, long now) {
        List<Transmission> sent = new ArrayList<>();
        Transmission t;
        while ((t = host.pollTransmit(now)) != null) {
            sent.add(t);
        }
        return sent;
    }

    @Test
    void requestForOurAddress_isAnsweredAndTheRequesterRecorded() {
        host.receiveFrame(0, 0, Frames.arp(MacAddress.BROADCAST, ArpPacket.request(PEER_MAC, PEER, IP)));

        List<Transmission> sent = drain(host, 0);
        assertThat(sent).hasSize(1);
        assertThat(Frames.ethernet(sent.get(0).frame()).header().destination()).isEqualTo(PEER_MAC);
        assertThat(Frames.arpOf(sent.get(0).frame())).isEqualTo(ArpPacket.reply(MAC, IP, PEER_MAC, PEER));
        // RFC 826: the requester is recorded, so a datagram to it needs no request of ours.
        host.openUdp(5000).send(PEER, 7, new byte[]{1});
        List<Transmission> udp = drain(host, 0);
        assertThat(udp).hasSize(1);
        assertThat(Frames.ethernet(udp.get(0).frame()).header().destination()).isEqualTo(PEER_MAC);
        assertThat(Frames.udpOf(udp.get(0).frame()).header().destinationPort()).isEqualTo(7);
    }

    @Test
    void requestForAnotherAddress_isNotAnswered() {
        host.receiveFrame(0, 0, Frames.arp(MacAddress.BROADCAST,
                ArpPacket.request(PEER_MAC, PEER, Ipv4Address.parse("10.1.0.3"))));

        assertThat(drain(host, 0)).isEmpty();
        assertThat(host.stats().drops(DropReason.ARP_NOT_FOR_US)).isEqualTo(1);
        assertThat(host.iface(0).arpEntries()).isZero();
    }

    @Test
    void unsolicitedReply_doesNotPoisonTheCache() {
        MacAddress attacker = MacAddress.local(66);
        host.receiveFrame(0, 0, Frames.arp(MAC, ArpPacket.reply(attacker, PEER, MAC, IP)));
        host.receiveFrame(0, 0, Frames.arp(MacAddress.BROADCAST, ArpPacket.request(attacker, PEER, PEER)));

        assertThat(host.iface(0).arpEntries()).isZero();
        host.openUdp(5000).send(PEER, 7, new byte[]{1});
        List<Transmission> sent = drain(host, 0);
        assertThat(sent).hasSize(1);
        assertThat(Frames.arpOf(sent.get(0).frame())).isEqualTo(ArpPacket.request(MAC, IP, PEER));
    }

    @Test
    void gratuitousArp_updatesAnEntryThatExists() {
        host.receiveFrame(0, 0, Frames.arp(MacAddress.BROADCAST, ArpPacket.request(PEER_MAC, PEER, IP)));
        drain(host, 0);
        MacAddress moved = MacAddress.local(10);
        host.receiveFrame(SECOND, 0, Frames.arp(MacAddress.BROADCAST, ArpPacket.request(moved, PEER, PEER)));

        host.openUdp(5000).send(PEER, 7, new byte[]{1});
        List<Transmission> sent = drain(host, SECOND);
        assertThat(Frames.ethernet(sent.get(0).frame()).header().destination()).isEqualTo(moved);
        assertThat(events).contains(new TraceEvent.ArpResolved(SECOND, "h", 0, PEER, moved));
    }

    @Test
    void gratuitousArp_whenAnInterfaceComesUp() {
        Host announcing = Host.builder("a").iface(MAC, "10.1.0.2/24").build();
        List<Transmission> atStart = drain(announcing, 0);
        announcing.setInterfaceUp(0, false);
        announcing.setInterfaceUp(0, true);
        List<Transmission> afterUp = drain(announcing, SECOND);

        for (List<Transmission> sent : List.of(atStart, afterUp)) {
            assertThat(sent).hasSize(1);
            ArpPacket arp = Frames.arpOf(sent.get(0).frame());
            assertThat(arp.isGratuitous()).isTrue();
            assertThat(arp.senderIp()).isEqualTo(IP);
            assertThat(Frames.ethernet(sent.get(0).frame()).header().destination()).isEqualTo(MacAddress.BROADCAST);
        }
    }

    @Test
    void unansweredRequests_areRetriedThenGivenUp_andTheSocketLearnsHostUnreachable() {
        UdpSocket socket = host.openUdp(5000);
        socket.send(PEER, 7, new byte[]{1, 2, 3});

        assertThat(drain(host, 0)).extracting(t -> Frames.arpOf(t.frame()).targetIp()).containsExactly(PEER);
        assertThat(host.nextDeadline()).isEqualTo(SECOND);
        host.onTimeout(SECOND);
        assertThat(drain(host, SECOND)).hasSize(1);
        host.onTimeout(2 * SECOND);
        assertThat(drain(host, 2 * SECOND)).hasSize(1);
        host.onTimeout(3 * SECOND);

        assertThat(drain(host, 3 * SECOND)).isEmpty();
        assertThat(host.stats().drops(DropReason.ARP_UNRESOLVED)).isEqualTo(1);
        assertThat(host.stats().get(Counter.ARP_REQUESTS_SENT)).isEqualTo(3);
        assertThat(events).contains(new TraceEvent.ArpFailed(3 * SECOND, "h", 0, PEER));
        UdpError error = socket.pollError();
        assertThat(error).isNotNull();
        assertThat(error.type()).isEqualTo(IcmpHeader.DESTINATION_UNREACHABLE);
        assertThat(error.code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE);
        assertThat(error.reporter()).isEqualTo(IP);
        assertThat(error.destination()).isEqualTo(PEER);
        assertThat(error.destinationPort()).isEqualTo(7);
        assertThat(host.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void queueWaitingForResolution_isBounded_andReleasedByTheReply() {
        UdpSocket socket = host.openUdp(5000);
        for (int i = 0; i < 4; i++) {
            socket.send(PEER, 7, new byte[]{(byte) i});
        }
        assertThat(drain(host, 0)).hasSize(1); // one request
        assertThat(host.stats().drops(DropReason.ARP_QUEUE_FULL)).isEqualTo(1);

        host.receiveFrame(10, 0, Frames.arp(MAC, ArpPacket.reply(PEER_MAC, PEER, MAC, IP)));
        List<Transmission> released = drain(host, 10);
        assertThat(released).extracting(t -> Frames.udpOf(t.frame()).payload().get(
                java.lang.foreign.ValueLayout.JAVA_BYTE, 0)).containsExactly((byte) 0, (byte) 1, (byte) 2);
        assertThat(events).contains(new TraceEvent.ArpResolved(10, "h", 0, PEER, PEER_MAC));
    }
}
