package dev.wirestack.stack;

import dev.wirestack.ip.Ipv4Fragmenter;
import dev.wirestack.link.NetworkNode.Transmission;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Reassembly on a host: timeout with ICMP time exceeded (RFC 1122 3.3.2), the memory cap, overlaps (RFC 5722). */
class HostReassemblyTest {
    static final long SECOND = OneHost.SECOND;

    static List<Ipv4Fragmenter.Fragment> fragmentsOfUdp(int identification, int size, long seed) {
        byte[] data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        byte[] udp = Frames.udp(OneHost.PEER, OneHost.IP, 4000, 9000, data);
        Ipv4Header header = Ipv4Header.of(OneHost.PEER, OneHost.IP, Ipv4Header.PROTOCOL_UDP, 64, udp.length,
                identification);
        return Ipv4Fragmenter.fragment(header, MemorySegment.ofArray(udp), 1500);
    }

    static void feed(OneHost h, long now, Ipv4Fragmenter.Fragment fragment) {
        h.receiveFromPeer(now, fragment.header(), fragment.payload().toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void incompleteDatagram_expires_sendsTimeExceededCode1_andFreesItsMemory() throws MalformedPacketException {
        OneHost h = new OneHost();
        List<Ipv4Fragmenter.Fragment> fragments = fragmentsOfUdp(42, 8000, 1);
        feed(h, 0, fragments.get(0));
        feed(h, 0, fragments.get(2));
        assertThat(h.host.stats().reassemblyBytesHeld()).isEqualTo(2 * 1480);
        assertThat(h.host.nextDeadline()).isEqualTo(30 * SECOND);

        h.host.onTimeout(30 * SECOND);

        assertThat(h.host.stats().reassemblyBytesHeld()).isZero();
        assertThat(h.host.stats().drops(DropReason.REASSEMBLY_TIMEOUT)).isEqualTo(1);
        assertThat(h.events).contains(new TraceEvent.ReassemblyExpired(30 * SECOND, "h", OneHost.PEER, 42, 2960));
        // The peer's ARP entry (learned at 0) expired at 30 s too: the error waits for a fresh resolution.
        assertThat(h.drain(30 * SECOND)).extracting(t -> Frames.arpOf(t.frame()).targetIp())
                .containsExactly(OneHost.PEER);
        h.host.receiveFrame(30 * SECOND, 0, Frames.arp(OneHost.MAC,
                ArpPacket.reply(OneHost.PEER_MAC, OneHost.PEER, OneHost.MAC, OneHost.IP)));
        List<Transmission> sent = h.drain(30 * SECOND);
        assertThat(sent).hasSize(1);
        IcmpPacket error = Frames.icmpOf(sent.get(0).frame());
        assertThat(error.header()).isEqualTo(IcmpHeader.timeExceeded(IcmpHeader.REASSEMBLY_TIME_EXCEEDED));
        assertThat(error.quotedHeader().identification()).isEqualTo(42);
        assertThat(error.quotedPayload().byteSize()).isEqualTo(8); // RFC 792: header + 64 bits
    }

    @Test
    void withoutTheFirstFragment_expiryIsSilent() {
        OneHost h = new OneHost();
        feed(h, 0, fragmentsOfUdp(43, 8000, 1).get(3));
        h.host.onTimeout(30 * SECOND);

        assertThat(h.drain(30 * SECOND)).isEmpty();
        assertThat(h.host.stats().drops(DropReason.REASSEMBLY_TIMEOUT)).isEqualTo(1);
        assertThat(h.host.stats().reassemblyBytesHeld()).isZero();
    }

    @Test
    void overlappingFragment_dropsTheWholeDatagram() {
        OneHost h = new OneHost();
        UdpSocket socket = h.host.openUdp(9000);
        List<Ipv4Fragmenter.Fragment> fragments = fragmentsOfUdp(44, 4000, 1);
        feed(h, 0, fragments.get(0));
        // Same offset, other bytes: an overlap, not a duplicate.
        byte[] forged = new byte[1480];
        h.receiveFromPeer(0, fragments.get(0).header(), forged);
        fragments.subList(1, fragments.size()).forEach(f -> feed(h, 0, f));

        assertThat(socket.receive()).isNull();
        assertThat(h.host.stats().drops(DropReason.FRAGMENT_OVERLAP)).isEqualTo(1 + fragments.size() - 1);
        assertThat(h.host.stats().reassemblyBytesHeld()).isZero();
        h.host.onTimeout(30 * SECOND);
        assertThat(h.drain(30 * SECOND)).isEmpty(); // silently: no time exceeded for a dropped datagram
    }

    @Test
    void exactDuplicateFragment_isIgnored() {
        OneHost h = new OneHost();
        UdpSocket socket = h.host.openUdp(9000);
        List<Ipv4Fragmenter.Fragment> fragments = fragmentsOfUdp(45, 4000, 2);
        feed(h, 0, fragments.get(1));
        fragments.forEach(f -> feed(h, 0, f));

        assertThat(socket.receive().data()).hasSize(4000);
        assertThat(h.host.stats().drops(DropReason.FRAGMENT_OVERLAP)).isZero();
    }

    @Test
    void floodWith20PercentFragmentLoss_memoryStaysUnderTheCap_andReturnsToZero() {
        int cap = 64 * 1024;
        OneHost h = new OneHost(HostConfig.DEFAULT.withReassembly(Duration.ofSeconds(30), cap)
                .withQueues(100_000, 1024, 1000));
        UdpSocket socket = h.host.openUdp(9000);
        SplittableRandom loss = new SplittableRandom(2024);
        int complete = 0;
        int maxHeld = 0;
        for (int id = 0; id < 300; id++) {
            boolean allArrived = true;
            for (Ipv4Fragmenter.Fragment fragment : fragmentsOfUdp(id, 8000, id)) {
                if (loss.nextInt(100) < 20) {
                    allArrived = false;
                    continue;
                }
                feed(h, id * 1_000_000L, fragment);
                maxHeld = Math.max(maxHeld, h.host.stats().reassemblyBytesHeld());
            }
            if (allArrived) {
                complete++;
            }
        }
        Stats stats = h.host.stats();
        assertThat(maxHeld).isLessThanOrEqualTo(cap).isGreaterThan(cap - 1480);
        assertThat(stats.drops(DropReason.REASSEMBLY_MEMORY_FULL)).isPositive();
        assertThat(stats.get(Counter.IP_REASSEMBLED)).isPositive().isLessThanOrEqualTo(complete);
        assertThat(socket.pendingMessages()).isEqualTo((int) stats.get(Counter.IP_REASSEMBLED));

        long held = stats.reassemblyBytesHeld();
        assertThat(held).isPositive();
        h.host.onTimeout(h.host.nextDeadline() + 400 * 1_000_000L);

        assertThat(stats.reassemblyBytesHeld()).isZero();
        assertThat(stats.drops(DropReason.REASSEMBLY_TIMEOUT)).isPositive();
    }
}
