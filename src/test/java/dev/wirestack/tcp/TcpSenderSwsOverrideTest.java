package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Sender-side silly window syndrome avoidance with its override timeout (RFC 9293 section 3.8.6.2.1): a window
 * that is open but too small waits for a full segment or half the largest window, and when the override (persist)
 * timer fires, what fits goes out as data, as Linux's tcp_write_wakeup sends it; a zero window is still probed with
 * SND.UNA - 1 and no data.
 */
class TcpSenderSwsOverrideTest {

    @Test
    void smallOpenWindow_isFilledWithDataWhenTheOverrideTimerFires_rfc9293_3_8_6_2_1() {
        TcpScript s = TcpScript.established();
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).win(1000));
        s.write(TcpScript.pattern(0, 4000));
        // 1000 bytes fit: less than a segment and less than half the largest window (65535): SWS avoidance waits.
        s.expectNothing(at(199));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1000));
        s.send(at(210), seg().seq(s.remote(1)).ack(s.local(1001)).win(1000));
        assertThat(s.connection().rtoNanos()).isEqualTo(at(200));
        s.expectNothing(at(409));
        s.expect(at(410), seg().psh().seq(s.local(1001)).ack(s.remote(1)).data(1000, 1000));
        // The window opens: the rest flows as usual (a full segment; Nagle holds the tail while it is in flight).
        s.send(at(420), seg().seq(s.remote(1)).ack(s.local(2001)).win(65535));
        s.expect(at(420), seg().psh().seq(s.local(2001)).ack(s.remote(1)).data(2000, 1460));
        s.expectNothing(at(420));
        s.send(at(430), seg().seq(s.remote(1)).ack(s.local(3461)).win(65535));
        s.expect(at(430), seg().psh().seq(s.local(3461)).ack(s.remote(1)).data(3460, 540));
    }

    @Test
    void overrideData_thatIsLost_isRetransmittedByTheRto_notProbed_rfc9293_3_8_6_2_1() {
        TcpScript s = TcpScript.established();
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).win(500));
        s.write(TcpScript.pattern(0, 2000));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 500));
        s.expectNothing(at(399));
        s.expect(at(400), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 500));
        assertThat(s.events()).contains("retransmit 10001+500 timeout at 400");
    }

    @Test
    void zeroWindow_isStillProbedWithoutData_rfc9293_3_8_6_1() {
        TcpScript s = TcpScript.established();
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).win(0));
        s.write(TcpScript.pattern(0, 4000));
        s.expect(at(200), seg().seq(s.local(0)).ack(s.remote(1)));
        s.send(at(210), seg().seq(s.remote(1)).ack(s.local(1)).win(300));
        // The probe's answer opened a small window, which ends the backoff: the next override sends 300 bytes.
        s.expectNothing(at(409));
        s.expect(at(410), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 300));
    }
}
