package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpTimeWaitTest {

    @Test
    void timeWait_lasts2Msl_thenClosed_rfc9293_3_4_2() {
        TcpScript s = TcpScript.timeWait();
        assertThat(s.connection().nextDeadline()).isEqualTo(at(60_000));
        s.expectNothing(at(59_999));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        s.expectNothing(at(60_000));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isNull();
        assertThat(s.connection().isTerminated()).isTrue();
        assertThat(s.connection().nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void retransmittedFin_inTimeWait_isAckedAndRestartsTheTimer_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.timeWait();
        s.send(at(30_000), seg().fin().seq(s.remote(1)).ack(s.local(2)));
        s.expect(at(30_000), seg().seq(s.local(2)).ack(s.remote(2)));
        s.expectNothing(at(89_999));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        s.expectNothing(at(90_000));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void resetInTimeWait_isIgnored_rfc1337() {
        TcpScript s = TcpScript.timeWait();
        s.send(at(1000), seg().rst().seq(s.remote(2)).win(0));
        s.expectNothing(at(1000));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(s.connection().nextDeadline()).isEqualTo(at(60_000));
    }

    @Test
    void timeWaitLength_followsTheConfiguredMsl_rfc9293_3_4_2() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withMsl(java.time.Duration.ofSeconds(2)));
        s.close();
        s.expect(at(0), seg().fin().seq(s.local(1)).ack(s.remote(1)));
        s.send(at(10), seg().fin().seq(s.remote(1)).ack(s.local(2)));
        s.expect(at(10), seg().seq(s.local(2)).ack(s.remote(2)));
        s.expectNothing(at(4009));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        s.expectNothing(at(4010));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void oldDuplicateData_inTimeWait_isAcked_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.timeWait();
        s.send(at(500), seg().seq(s.remote(1)).ack(s.local(2)).payload("x"));
        s.expect(at(500), seg().seq(s.local(2)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
    }
}
