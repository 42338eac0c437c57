package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpRstTest {

    @Test
    void exactReset_inEstablished_closesWithReset_rfc5961_3_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().rst().seq(s.remote(1)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isEqualTo(TcpError.RESET);
        s.expectNothing(at(10_000));
    }

    @Test
    void inWindowResetNotExact_drawsAChallengeAck_rfc5961_3_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().rst().seq(s.remote(100)).win(0));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void outOfWindowReset_isDroppedSilently_rfc5961_3_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().rst().seq(s.remote(100_000)).win(0));
        s.send(at(11), seg().rst().seq(s.remote(0)).win(0));
        s.expectNothing(at(11));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void synInEstablished_drawsAChallengeAck_rfc5961_4_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().syn().seq(s.remote(500)).mss(1460));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void halfOpenDiscovery_figure11_challengeAckThenExactReset_rfc9293_3_5_1() {
        // The peer crashed and reconnects: its new SYN meets our old connection.
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().syn().seq(s.remote(400)).mss(1460));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        // The peer, in SYN-SENT, answers the unacceptable ACK with <SEQ=SEG.ACK><CTL=RST>: exact, so we reset.
        s.send(at(20), seg().rst().seq(s.remote(1)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isEqualTo(TcpError.RESET);
    }

    @Test
    void ackBelowSndUnaMinusMaxWindow_isRefusedWithChallengeAck_andItsDataDropped_rfc5961_5_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(-70_000)).payload("evil"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.connection().readableBytes()).isZero();
    }

    @Test
    void ackOfUnsentData_isAnsweredWithAckAndDropped_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(500)).payload("evil"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.connection().readableBytes()).isZero();
        assertThat(s.connection().sndUna()).isEqualTo(s.local(1));
    }

    @Test
    void oldAckWithinMaxWindow_isAccepted_rfc5961_5_2() {
        TcpScript s = TcpScript.established();
        s.write("abc");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(4)));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1)).payload("ok"));
        assertThat(s.read(10)).isEqualTo("ok");
    }

    @Test
    void segmentWithoutAck_isDropped_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).payload("noack"));
        s.expectNothing(at(1000));
        assertThat(s.connection().readableBytes()).isZero();
    }

    @Test
    void segmentBeforeTheWindow_isAnsweredWithAnAck_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(-100)).ack(s.local(1)).payload("old"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
    }

    @Test
    void exactReset_inCloseWait_closesWithReset_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.closeWait();
        s.send(at(10), seg().rst().seq(s.remote(2)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.RESET);
    }

    @Test
    void exactReset_inLastAck_closesWithoutError_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.lastAck();
        s.send(at(10), seg().rst().seq(s.remote(2)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isNull();
    }

    @Test
    void exactReset_inClosing_closesWithoutError_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.closing();
        s.send(at(10), seg().rst().seq(s.remote(2)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void exactReset_inFinWait2_closesWithReset_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.finWait2();
        s.send(at(10), seg().rst().seq(s.remote(1)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.RESET);
    }
}
