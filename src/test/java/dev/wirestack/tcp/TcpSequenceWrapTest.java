package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.SeqNum;
import org.junit.jupiter.api.Test;

class TcpSequenceWrapTest {
    private static final SeqNum LOCAL_NEAR_WRAP = SeqNum.of(0xffff_ffffL - 1000);
    private static final SeqNum REMOTE_NEAR_WRAP = SeqNum.of(0xffff_ffffL - 2);

    private static TcpScript nearWrap() {
        return TcpScript.established(TcpScript.CONFIG, LOCAL_NEAR_WRAP, REMOTE_NEAR_WRAP);
    }

    @Test
    void sendingAcross2To32_segmentsAndAcksWrap_rfc9293_3_4() {
        TcpScript s = nearWrap();
        s.write(TcpScript.pattern(0, 3000));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1460));
        s.expect(at(0), seg().psh().seq(s.local(1461)).ack(s.remote(1)).data(1460, 1460));
        assertThat(s.local(1461).unsigned()).isLessThan(s.local(1).unsigned());
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(2921)));
        s.expect(at(10), seg().psh().seq(s.local(2921)).ack(s.remote(1)).data(2920, 80));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(3001)));
        assertThat(s.connection().sndUna()).isEqualTo(s.local(3001));
        s.expectNothing(at(10_000));
    }

    @Test
    void receivingAcross2To32_deliversInOrder_andOutOfOrderAcrossTheWrap_rfc9293_3_4() {
        TcpScript s = nearWrap();
        assertThat(s.remote(2).unsigned()).isEqualTo(0xffff_ffffL);
        s.send(at(10), seg().seq(s.remote(4)).ack(s.local(1)).payload("def"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.expect(at(20), seg().seq(s.local(1)).ack(s.remote(7)).win(65529));
        assertThat(s.remote(7).unsigned()).isEqualTo(4);
        assertThat(s.read(10)).isEqualTo("abcdef");
    }

    @Test
    void closeAcross2To32_finsAndTimeWaitWrap_rfc9293_3_6() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG, SeqNum.of(0xffff_ffffL - 1), REMOTE_NEAR_WRAP);
        s.close();
        s.expect(at(0), seg().fin().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.local(2).unsigned()).isZero();
        s.send(at(10), seg().fin().seq(s.remote(1)).ack(s.local(2)));
        s.expect(at(10), seg().seq(s.local(2)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void exactResetAcrossTheWrap_isRecognised_rfc5961_3_2() {
        TcpScript s = nearWrap();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).payload("xyz"));
        s.send(at(20), seg().rst().seq(s.remote(4)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.RESET);
    }

    @Test
    void blindAckCheckAcrossTheWrap_refusesAnAckFromBeforeTheWindow_rfc5961_5_2() {
        TcpScript s = nearWrap();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(-100_000)).payload("evil"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.connection().readableBytes()).isZero();
    }
}
