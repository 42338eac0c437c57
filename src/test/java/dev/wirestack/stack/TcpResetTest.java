package dev.wirestack.stack;

import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

import static dev.wirestack.stack.TcpPeer.segment;
import static dev.wirestack.stack.TcpPeer.syn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments nobody wants (RFC 9293 section 3.10.7.1, "If the state is CLOSED"): answered with exactly one RST whose
 * fields the RFC spells out, except a RST, which is never answered; and bad segments dropped before any of that.
 */
class TcpResetTest {
    private final TcpPeer peer = new TcpPeer();

    @Test
    void synToAClosedPort_getsRstAck_seqZero_ackSynPlusOne_rfc9293_3_10_7_1() {
        peer.send(0, syn(40000, 80, 1000));

        var sent = peer.drain(0);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).tcp()).isEqualTo(TcpHeader.of(80, 40000, SeqNum.ZERO, SeqNum.of(1001),
                TcpHeader.RST | TcpHeader.ACK, 0));
        assertThat(sent.get(0).payload()).isEmpty();
        assertThat(sent.get(0).ip().source()).isEqualTo(OneHost.IP);
        assertThat(sent.get(0).ip().destination()).isEqualTo(OneHost.PEER);
        assertThat(sent.get(0).ip().protocol()).isEqualTo(Ipv4Header.PROTOCOL_TCP);
        assertThat(peer.h.host.stats().drops(DropReason.PORT_UNREACHABLE)).isEqualTo(1);
        assertThat(peer.h.host.stats().get(Counter.TCP_RESETS_SENT)).isEqualTo(1);
    }

    @Test
    void segmentWithAck_getsRstWithTheAckAsSequenceNumber_andNoAckBit() {
        peer.send(0, segment(40000, 80, 5000, 0xfffffff0L, TcpHeader.ACK | TcpHeader.PSH, 1000, TcpOptions.NONE),
                "hello".getBytes());

        assertThat(peer.drain(0)).extracting(TcpPeer.Sent::tcp).containsExactly(
                TcpHeader.of(80, 40000, SeqNum.of(0xfffffff0L), SeqNum.ZERO, TcpHeader.RST, 0));
    }

    @Test
    void withoutAck_theRstAcknowledgesDataAndFin_segLenCountsThem() {
        // SEG.LEN counts the 5 data octets and the FIN; the sum wraps around 2^32.
        peer.send(0, segment(40000, 80, 0xfffffffeL, null, TcpHeader.FIN, 1000, TcpOptions.NONE), "hello".getBytes());

        assertThat(peer.drain(0)).extracting(TcpPeer.Sent::tcp).containsExactly(
                TcpHeader.of(80, 40000, SeqNum.ZERO, SeqNum.of(4), TcpHeader.RST | TcpHeader.ACK, 0));
    }

    @Test
    void aRstIsNeverAnswered() {
        peer.send(0, segment(40000, 80, 7, null, TcpHeader.RST, 0, TcpOptions.NONE));
        peer.send(0, segment(40000, 80, 7, 9L, TcpHeader.RST | TcpHeader.ACK, 0, TcpOptions.NONE));

        assertThat(peer.drain(0)).isEmpty();
        assertThat(peer.h.host.stats().get(Counter.TCP_RESETS_SENT)).isZero();
    }

    @Test
    void badChecksum_isDroppedAndCounted_notAnswered() {
        byte[] bytes = TcpPeer.bytes(syn(40000, 80, 1000), new byte[0], OneHost.PEER, OneHost.IP);
        bytes[16] ^= 0x01;
        peer.h.receiveFromPeer(0, OneHost.IP, Ipv4Header.PROTOCOL_TCP, bytes);

        assertThat(peer.drain(0)).isEmpty();
        assertThat(peer.h.host.stats().drops(DropReason.BAD_CHECKSUM)).isEqualTo(1);
    }

    @Test
    void truncatedSegment_isDroppedAsTruncated() {
        byte[] bytes = TcpPeer.bytes(syn(40000, 80, 1000), new byte[0], OneHost.PEER, OneHost.IP);
        peer.h.receiveFromPeer(0, OneHost.IP, Ipv4Header.PROTOCOL_TCP, java.util.Arrays.copyOf(bytes, 19));

        assertThat(peer.drain(0)).isEmpty();
        assertThat(peer.h.host.stats().drops(DropReason.TRUNCATED)).isEqualTo(1);
    }

    @Test
    void segmentToABroadcastAddress_isDiscardedWithoutRst_rfc1122_4_2_3_10() {
        Ipv4Address broadcast = Ipv4Address.parse("10.1.0.255");
        byte[] bytes = TcpPeer.bytes(syn(40000, 80, 1000), new byte[0], OneHost.PEER, broadcast);
        peer.h.host.receiveFrame(0, 0, Frames.datagram(MacAddress.BROADCAST, OneHost.PEER_MAC, OneHost.PEER,
                broadcast, Ipv4Header.PROTOCOL_TCP, 64, bytes));

        assertThat(peer.drain(0)).isEmpty();
        assertThat(peer.h.host.stats().get(Counter.TCP_RESETS_SENT)).isZero();
    }

    @Test
    void tcpIsNoLongerAnsweredWithIcmpProtocolUnreachable() {
        peer.send(0, syn(40000, 80, 1000));

        assertThat(peer.h.host.stats().drops(DropReason.UNKNOWN_PROTOCOL)).isZero();
        assertThat(peer.h.host.stats().get(Counter.ICMP_ERRORS_SENT)).isZero();
    }

    @Test
    void ackToAListener_withoutAValidCookie_getsRst_rfc9293_3_10_7_2() {
        peer.h.host.tcpListen(80, 16);
        peer.send(0, segment(40000, 80, 1001, 77L, TcpHeader.ACK, 1000, TcpOptions.NONE));

        assertThat(peer.drain(0)).extracting(TcpPeer.Sent::tcp).containsExactly(
                TcpHeader.of(80, 40000, SeqNum.of(77), SeqNum.ZERO, TcpHeader.RST, 0));
    }

    @Test
    void rstOrBareDataToAListener_isIgnored_rfc9293_3_10_7_2() {
        peer.h.host.tcpListen(80, 16);
        peer.send(0, segment(40000, 80, 1001, null, TcpHeader.RST, 0, TcpOptions.NONE));
        peer.send(0, segment(40000, 80, 1001, null, TcpHeader.PSH, 1000, TcpOptions.NONE), "x".getBytes());

        assertThat(peer.drain(0)).isEmpty();
    }
}
