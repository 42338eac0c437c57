package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.SeqNum;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpHandshakeTest {

    @Test
    void activeOpen_synSynAckAck_reachesEstablished_rfc9293_3_5() {
        TcpScript s = TcpScript.synSent();
        s.send(at(10), seg().syn().seq(s.remote(0)).ack(s.local(1)).mss(1460));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.states()).containsExactly(TcpState.SYN_SENT, TcpState.ESTABLISHED);
        assertThat(s.events()).contains("established");
        assertThat(s.connection().srttNanos()).isEqualTo(at(10));
    }

    @Test
    void passiveOpen_ackOfSynAck_reachesEstablished_rfc9293_3_5() {
        TcpScript s = TcpScript.synReceived();
        s.send(at(5), seg().seq(s.remote(1)).ack(s.local(1)));
        s.expectNothing(at(5));
        assertThat(s.states()).containsExactly(TcpState.SYN_RECEIVED, TcpState.ESTABLISHED);
    }

    @Test
    void synRetransmission_backsOffExponentially_thenTimesOut_rfc6298_5_5() {
        TcpScript s = TcpScript.synSent(TcpScript.CONFIG.withRetries(3, 5, 15), TcpScript.LOCAL_ISS,
                TcpScript.REMOTE_ISS);
        s.expectNothing(at(999));
        s.expect(at(1000), seg().syn().seq(s.local(0)).mss(1460));
        s.expectNothing(at(2999));
        s.expect(at(3000), seg().syn().seq(s.local(0)).mss(1460));
        s.expect(at(7000), seg().syn().seq(s.local(0)).mss(1460));
        s.expectNothing(at(14_999));
        assertThat(s.state()).isEqualTo(TcpState.SYN_SENT);
        s.expectNothing(at(15_000));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isEqualTo(TcpError.TIMED_OUT);
        assertThat(s.connection().isTerminated()).isTrue();
    }

    @Test
    void synAckRetransmission_backsOff_andLostThirdAckIsRepairedByData_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.synReceived();
        s.expect(at(1000), seg().syn().seq(s.local(0)).ack(s.remote(1)).mss(1460));
        s.expect(at(3000), seg().syn().seq(s.local(0)).ack(s.remote(1)).mss(1460));
        // The third ACK was lost; the first data segment carries the same ACK and completes the handshake.
        s.send(at(3010), seg().seq(s.remote(1)).ack(s.local(1)).payload("hello"));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(s.read(10)).isEqualTo("hello");
        // Delayed ACK; the right edge stays put (receiver SWS avoidance), so the window shows the 5 bytes.
        s.expect(at(3050), seg().seq(s.local(1)).ack(s.remote(6)).win(65530));
    }

    @Test
    void retransmittedSynInSynReceived_resendsSynAck() {
        TcpScript s = TcpScript.synReceived();
        s.send(at(100), seg().syn().seq(s.remote(0)).mss(1460));
        s.expect(at(100), seg().syn().seq(s.local(0)).ack(s.remote(1)).mss(1460));
    }

    @Test
    void simultaneousOpen_figure8_reachesEstablishedOnBothSynAcks_rfc9293_3_5() {
        TcpScript s = TcpScript.synSent();
        s.send(at(10), seg().syn().seq(s.remote(0)).mss(1460));
        s.expect(at(10), seg().syn().seq(s.local(0)).ack(s.remote(1)).mss(1460));
        assertThat(s.state()).isEqualTo(TcpState.SYN_RECEIVED);
        s.send(at(20), seg().syn().seq(s.remote(0)).ack(s.local(1)).mss(1460));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(s.states()).containsExactly(TcpState.SYN_SENT, TcpState.SYN_RECEIVED, TcpState.ESTABLISHED);
    }

    @Test
    void simultaneousOpen_plainAckAlsoCompletes_rfc9293_3_5() {
        TcpScript s = TcpScript.synSent();
        s.send(at(10), seg().syn().seq(s.remote(0)).mss(1460));
        s.expect(at(10), seg().syn().seq(s.local(0)).ack(s.remote(1)).mss(1460));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1)));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void synAckWithWrongAck_inSynSent_isAnsweredWithReset_rfc9293_3_10_7_3() {
        TcpScript s = TcpScript.synSent();
        s.send(at(10), seg().syn().seq(s.remote(0)).ack(s.local(1000)).mss(1460));
        s.expect(at(10), seg().rst().seq(s.local(1000)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void resetWithAcceptableAck_inSynSent_refusesTheConnection_rfc9293_3_10_7_3() {
        TcpScript s = TcpScript.synSent();
        s.send(at(10), seg().rst().seq(SeqNum.ZERO).ack(s.local(1)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isEqualTo(TcpError.REFUSED);
        s.expectNothing(at(5000));
    }

    @Test
    void resetWithoutAck_inSynSent_isIgnored_rfc9293_3_10_7_3() {
        TcpScript s = TcpScript.synSent();
        s.send(at(10), seg().rst().seq(s.remote(0)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void recoveryFromOldDuplicateSyn_figure9_rstReturnsPassiveSideToClosed_rfc9293_3_5() {
        // Figure 9: an old SYN reached the listener, whose SYN-ACK the client answers with RST <SEQ=SEG.ACK>.
        TcpScript s = TcpScript.synReceived();
        s.send(at(10), seg().rst().seq(s.remote(1)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isEqualTo(TcpError.RESET);
        s.expectNothing(at(10_000));
    }

    @Test
    void badAckInSynReceived_isAnsweredWithReset_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.synReceived();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(77)));
        s.expect(at(10), seg().rst().seq(s.local(77)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.SYN_RECEIVED);
    }

    @Test
    void writeBeforeEstablished_isSentAfterTheHandshake_rfc9293_3_10_2() {
        TcpScript s = TcpScript.synSent();
        assertThat(s.write("early")).isEqualTo(5);
        s.expectNothing(at(5));
        s.send(at(10), seg().syn().seq(s.remote(0)).ack(s.local(1)).mss(1460));
        s.expect(at(10), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("early"));
    }

    @Test
    void closeInSynSent_deletesTheConnection_rfc9293_3_10_4() {
        TcpScript s = TcpScript.synSent();
        s.close();
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isNull();
        s.expectNothing(at(10_000));
    }

    @Test
    void defaultConfig_isLinuxLike() {
        TcpConfig c = TcpConfig.DEFAULT;
        assertThat(c.mss()).isEqualTo(1460);
        assertThat(c.timeWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.synRetries()).isEqualTo(6);
        assertThat(c.keepAlive()).isFalse();
        assertThat(c.offeredWindowScale()).isEqualTo(3);
    }
}
