package dev.wirestack.stack;

import dev.wirestack.ip.Ipv4Fragmenter;
import dev.wirestack.ip.Ipv4Reassembler;
import dev.wirestack.link.NetworkNode.Transmission;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Echo replies (RFC 792), also to an echo that arrives in fragments and needs a fragmented reply. */
class HostPingTest {
    final OneHost h = new OneHost();

    @Test
    void echoRequest_isAnsweredWithTheSameIdentifierSequenceAndData() {
        h.ping(5, 7, new byte[]{1, 2, 3, 4});

        List<Transmission> sent = h.drain(5);
        assertThat(sent).hasSize(1);
        Ipv4Packet ip = Frames.ipOf(sent.get(0).frame());
        assertThat(ip.header().source()).isEqualTo(OneHost.IP);
        assertThat(ip.header().destination()).isEqualTo(OneHost.PEER);
        IcmpPacket reply = Frames.icmpOf(sent.get(0).frame());
        assertThat(reply.header()).isEqualTo(IcmpHeader.echoReply(0x1234, 7));
        assertThat(reply.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3, 4);
        assertThat(Frames.ethernet(sent.get(0).frame()).header().destination()).isEqualTo(OneHost.PEER_MAC);
    }

    @Test
    void fragmentedEchoOf8000Bytes_isReassembledAndAnsweredInFragments() throws MalformedPacketException {
        byte[] data = new byte[8000 - 8];
        new SplittableRandom(3).nextBytes(data);
        byte[] request = Frames.icmp(IcmpHeader.echoRequest(0x1234, 1), data);
        Ipv4Header header = Ipv4Header.of(OneHost.PEER, OneHost.IP, Ipv4Header.PROTOCOL_ICMP, 64, request.length, 77);
        for (Ipv4Fragmenter.Fragment fragment : Ipv4Fragmenter.fragment(header, MemorySegment.ofArray(request), 1500)) {
            h.receiveFromPeer(10, fragment.header(), fragment.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }

        List<Transmission> sent = h.drain(10);
        assertThat(sent).hasSize(6);
        Ipv4Reassembler reassembler = Ipv4Reassembler.withDefaults();
        Ipv4Reassembler.Result result = null;
        for (Transmission t : sent) {
            Ipv4Packet ip = Frames.ipOf(t.frame());
            assertThat(ip.header().totalLength()).isLessThanOrEqualTo(1500);
            result = reassembler.accept(10, ip.header(), ip.payload());
        }
        assertThat(result).isInstanceOf(Ipv4Reassembler.Complete.class);
        IcmpPacket reply = IcmpHeader.parse(MemorySegment.ofArray(((Ipv4Reassembler.Complete) result).payload()));
        assertThat(reply.header()).isEqualTo(IcmpHeader.echoReply(0x1234, 1));
        assertThat(reply.payload().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(data);
        assertThat(h.host.stats().get(Counter.IP_REASSEMBLED)).isEqualTo(1);
        assertThat(h.host.stats().reassemblyBytesHeld()).isZero();
    }

    @Test
    void echoToTheSubnetBroadcast_isNotAnswered() {
        h.receiveFromPeer(0, dev.wirestack.wire.Ipv4Address.parse("10.1.0.255"), Ipv4Header.PROTOCOL_ICMP,
                Frames.icmp(IcmpHeader.echoRequest(1, 1), new byte[8]));

        assertThat(h.drain(0)).isEmpty();
        assertThat(h.host.stats().get(Counter.ICMP_ECHO_REQUESTS_RECEIVED)).isEqualTo(1);
    }
}
