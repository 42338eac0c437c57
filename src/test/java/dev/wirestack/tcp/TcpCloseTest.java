package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TcpCloseTest {

    @Test
    void activeClose_finWait1ToFinWait2ToTimeWait_rfc9293_3_6() {
        TcpScript s = TcpScript.timeWait();
        assertThat(s.states()).containsExactly(TcpState.SYN_SENT, TcpState.ESTABLISHED, TcpState.FIN_WAIT_1,
                TcpState.FIN_WAIT_2, TcpState.TIME_WAIT);
        assertThat(s.read(10)).isNull();
    }

    @Test
    void passiveClose_closeWaitToLastAckToClosed_rfc9293_3_6() {
        TcpScript s = TcpScript.lastAck();
        s.send(at(10), seg().seq(s.remote(2)).ack(s.local(2)));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isNull();
        assertThat(s.connection().isTerminated()).isTrue();
        assertThat(s.events()).contains("peer closed");
        s.expectNothing(at(100_000));
    }

    @Test
    void simultaneousClose_closingThenTimeWait_figure13_rfc9293_3_6() {
        TcpScript s = TcpScript.closing();
        s.send(at(10), seg().seq(s.remote(2)).ack(s.local(2)));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(s.states()).containsSubsequence(TcpState.FIN_WAIT_1, TcpState.CLOSING, TcpState.TIME_WAIT);
    }

    @Test
    void finAckingOurFin_inFinWait1_goesStraightToTimeWait_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.finWait1();
        s.send(at(10), seg().fin().seq(s.remote(1)).ack(s.local(2)));
        s.expect(at(10), seg().seq(s.local(2)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void finFollowsDataAlreadySent_atOnce_rfc9293_3_10_4() {
        TcpScript s = TcpScript.established();
        s.write("bye");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("bye"));
        s.close();
        s.expect(at(0), seg().fin().seq(s.local(4)).ack(s.remote(1)));
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(5)));
        assertThat(s.state()).isEqualTo(TcpState.FIN_WAIT_2);
    }

    @Test
    void finRidesOnTheLastDataSegment_whenBothAreQueued_rfc9293_3_10_4() {
        TcpScript s = TcpScript.established();
        s.connection().write("bye".getBytes(), 0, 3);
        s.close();
        s.expect(at(0), seg().psh().fin().seq(s.local(1)).ack(s.remote(1)).payload("bye"));
    }

    @Test
    void lostFin_isRetransmittedByTheRto_rfc6298_5_4() {
        TcpScript s = TcpScript.finWait1();
        s.expectNothing(at(199));
        s.expect(at(200), seg().fin().seq(s.local(1)).ack(s.remote(1)));
        s.expect(at(600), seg().fin().seq(s.local(1)).ack(s.remote(1)));
        s.send(at(610), seg().seq(s.remote(1)).ack(s.local(2)));
        assertThat(s.state()).isEqualTo(TcpState.FIN_WAIT_2);
        s.expectNothing(at(10_000));
    }

    @Test
    void halfClose_keepsReceivingInFinWait2_rfc9293_3_10_4() {
        TcpScript s = TcpScript.established();
        s.shutdownOutput();
        s.expect(at(0), seg().fin().seq(s.local(1)).ack(s.remote(1)));
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(2)).payload("more"));
        assertThat(s.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(s.read(10)).isEqualTo("more");
        s.send(at(20), seg().fin().seq(s.remote(5)).ack(s.local(2)));
        s.expect(at(20), seg().seq(s.local(2)).ack(s.remote(6)).win(65531));
        assertThat(s.read(10)).isNull();
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void halfClose_peerKeepsReceivingOurDataInCloseWait_rfc9293_3_10_4() {
        TcpScript s = TcpScript.closeWait();
        s.write("reply");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(2)).payload("reply"));
        assertThat(s.read(10)).isNull();
    }

    @Test
    void writeAfterShutdown_isRejected_rfc9293_3_10_2() {
        TcpScript s = TcpScript.finWait1();
        assertThatThrownBy(() -> s.write("late")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shut down");
        assertThat(s.connection().writableBytes()).isZero();
    }

    @Test
    void closeWithUnreadData_sendsResetInsteadOfFin_rfc2525_2_17() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).payload("unread"));
        s.close();
        s.expect(at(10), seg().rst().seq(s.local(1)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        s.expectNothing(at(10_000));
    }

    @Test
    void dataArrivingAfterClose_isAnsweredWithReset_rfc9293_3_10_4() {
        TcpScript s = TcpScript.finWait2();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(2)).payload("late"));
        s.expect(at(10), seg().rst().seq(s.local(2)).win(0));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void finBeyondAHole_waitsForTheHoleToFill_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().fin().seq(s.remote(4)).ack(s.local(1)).payload("def"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.expect(at(20), seg().seq(s.local(1)).ack(s.remote(8)).win(65529));
        assertThat(s.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(s.read(10)).isEqualTo("abcdef");
        assertThat(s.read(10)).isNull();
    }

    @Test
    void retransmittedFin_inCloseWait_isAckedAgain_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.closeWait();
        s.send(at(100), seg().fin().seq(s.remote(1)).ack(s.local(1)));
        s.expect(at(100), seg().seq(s.local(1)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.CLOSE_WAIT);
    }

    @Test
    void abort_sendsResetAndReportsAborted_rfc9293_3_10_5() {
        TcpScript s = TcpScript.established();
        s.abort();
        s.expect(at(0), seg().rst().seq(s.local(1)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.ABORTED);
        assertThat(s.connection().isTerminated()).isTrue();
    }
}
