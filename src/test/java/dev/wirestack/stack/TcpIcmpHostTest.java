package dev.wirestack.stack;

import static dev.wirestack.stack.TcpPeer.segment;
import static dev.wirestack.stack.TcpPeer.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors about the host's TCP segments reach the connection by the quoted 4-tuple (RFC 1122 3.2.2.1, RFC 9293
 * section 3.9); one quoting a sequence number outside SND.UNA..SND.NXT, or for no connection, is dropped and counted
 * (RFC 5927 section 4.1).
 */
class TcpIcmpHostTest {
    private static final int PEER_PORT = 40_000;

    @Test
    void portUnreachable_quotingSndUna_closesTheConnection_anOutOfWindowOneIsCounted_rfc5927_4_1() {
        TcpPeer peer = new TcpPeer();
        List<TcpSocket> accepted = new ArrayList<>();
        peer.h.host.tcpListen(Ipv4Address.ANY, 80, 4, 4, TcpConfig.DEFAULT).onAccept(accepted::add);
        peer.send(0, syn(PEER_PORT, 80, 1000));
        SeqNum iss = peer.drain(0).getFirst().tcp().sequenceNumber();
        peer.send(0, segment(PEER_PORT, 80, 1001, iss.plus(1).unsigned(), TcpHeader.ACK, 64240, TcpOptions.NONE));
        assertThat(accepted).hasSize(1);

        portUnreachable(peer, 80, PEER_PORT, iss.plus(5000));
        portUnreachable(peer, 81, PEER_PORT, iss.plus(1)); // no such connection
        assertThat(peer.h.host.stats().drops(DropReason.ICMP_OUT_OF_WINDOW)).isEqualTo(2);
        assertThat(peer.h.host.tcpConnectionCount()).isEqualTo(1);

        portUnreachable(peer, 80, PEER_PORT, iss.plus(1));
        assertThat(accepted.getFirst().error()).isEqualTo(TcpError.REFUSED);
        assertThat(peer.h.host.tcpConnectionCount()).isZero();
        assertThat(peer.drain(OneHost.SECOND)).isEmpty();
    }

    /** The peer's "port unreachable" about a segment from the host's {@code hostPort} with sequence {@code seq}. */
    private static void portUnreachable(TcpPeer peer, int hostPort, int peerPort, SeqNum seq) {
        Ipv4Header quoted = Ipv4Header.of(OneHost.IP, OneHost.PEER, Ipv4Header.PROTOCOL_TCP, 64, 20, 1);
        byte[] quote = new byte[quoted.headerLength() + 8];
        quoted.emit(MemorySegment.ofArray(quote));
        // RFC 792: the quote holds the first 8 bytes of the TCP header: the ports and the sequence number.
        ByteBuffer.wrap(quote, quoted.headerLength(), 8).putShort((short) hostPort).putShort((short) peerPort)
                .putInt((int) seq.unsigned());
        peer.h.receiveFromPeer(0, OneHost.IP, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(
                IcmpHeader.destinationUnreachable(IcmpHeader.PORT_UNREACHABLE, 0), quote));
    }
}
