package dev.wirestack.stack;

import static dev.wirestack.stack.TcpPeer.segment;
import static dev.wirestack.stack.TcpPeer.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.tcp.ChallengeAckLimit;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

/**
 * RFC 5961 section 7 across a whole host: 5000 in-window RSTs spread over 1250 connections within one second of
 * virtual time draw no more than the host's 1000 challenge ACKs (Linux's tcp_challenge_ack_limit); the rest are
 * dropped and counted, and every connection survives.
 */
class TcpChallengeAckHostLimitTest {
    private static final long MS = 1_000_000L;
    private static final int CONNECTIONS = 1250;
    private static final int FIRST_PORT = 20_000;
    private static final long PEER_ISN = 1000;

    @Test
    void rstFloodOverManyConnections_drawsAtMostTheHostLimitPerSecond_rfc5961_7() {
        TcpPeer peer = new TcpPeer();
        peer.h.host.tcpListen(Ipv4Address.ANY, 80, CONNECTIONS, CONNECTIONS, TcpConfig.DEFAULT);
        for (int i = 0; i < CONNECTIONS; i++) {
            peer.send(0, syn(FIRST_PORT + i, 80, PEER_ISN));
            TcpHeader synAck = peer.drain(0).getFirst().tcp();
            peer.send(0, segment(FIRST_PORT + i, 80, PEER_ISN + 1, synAck.sequenceNumber().plus(1).unsigned(),
                    TcpHeader.ACK, 64240, TcpOptions.NONE));
        }
        assertThat(peer.drain(0)).isEmpty();

        int challengeAcks = 0;
        for (int round = 0; round < 4; round++) {
            long now = OneHost.SECOND + round * 300 * MS; // 1.0, 1.3, 1.6 and 1.9 s: one second of the host's clock
            for (int i = 0; i < CONNECTIONS; i++) {
                peer.send(now, segment(FIRST_PORT + i, 80, PEER_ISN + 100, null, TcpHeader.RST, 0, TcpOptions.NONE));
                for (TcpPeer.Sent sent : peer.drain(now)) {
                    assertThat(sent.tcp().flags()).isEqualTo(TcpHeader.ACK);
                    assertThat(sent.tcp().acknowledgmentNumber().unsigned()).isEqualTo(PEER_ISN + 1);
                    challengeAcks++;
                }
            }
        }

        assertThat(challengeAcks).isEqualTo(ChallengeAckLimit.LINUX_PER_SECOND);
        assertThat(peer.h.host.stats().drops(DropReason.CHALLENGE_ACK_RATE_LIMITED))
                .isEqualTo(4L * CONNECTIONS - ChallengeAckLimit.LINUX_PER_SECOND);
        assertThat(peer.h.host.tcpConnectionCount()).isEqualTo(CONNECTIONS);
        // The next second has a fresh budget.
        peer.send(2 * OneHost.SECOND, segment(FIRST_PORT, 80, PEER_ISN + 100, null, TcpHeader.RST, 0,
                TcpOptions.NONE));
        assertThat(peer.drain(2 * OneHost.SECOND)).hasSize(1);
    }
}
