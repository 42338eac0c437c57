package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpOptions.SackBlock;
import org.junit.jupiter.api.Test;

class TcpRetransmitTest {
    private static final int MSS = 1460;

    @Test
    void rtoSchedule_doublesAtExactVirtualTimes_thenTimesOutWithReset_rfc6298_5_5() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withRetries(6, 5, 4));
        s.write("abc");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expectNothing(at(199));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expectNothing(at(599));
        s.expect(at(600), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expect(at(1400), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expect(at(3000), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expectNothing(at(6199));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        s.expect(at(6200), seg().rst().seq(s.local(4)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.TIMED_OUT);
        assertThat(s.events()).contains("retransmit 10001+3 timeout at 200", "retransmit 10001+3 timeout at 3000");
    }

    @Test
    void rto_restartsSlowStartWithOneSegment_rfc5681_3_1() {
        TcpScript s = TcpScript.established();
        s.write(TcpScript.pattern(0, 4 * MSS));
        for (int i = 0; i < 4; i++) {
            s.expect(at(0), seg().psh().seq(s.local(1 + i * MSS)).ack(s.remote(1)).data(i * MSS, MSS));
        }
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, MSS));
        assertThat(s.connection().cwnd()).isEqualTo(MSS);
        assertThat(s.connection().ssthresh()).isEqualTo(2 * MSS);
        // Each ACK lets the go-back-N retransmission continue within the (growing) window.
        s.send(at(210), seg().seq(s.remote(1)).ack(s.local(1 + MSS)));
        s.expect(at(210), seg().psh().seq(s.local(1 + MSS)).ack(s.remote(1)).data(MSS, MSS));
        s.expect(at(210), seg().psh().seq(s.local(1 + 2 * MSS)).ack(s.remote(1)).data(2 * MSS, MSS));
        s.expectNothing(at(210));
    }

    @Test
    void karnsRule_noRttSampleFromARetransmittedSegment_andTheBackedOffRtoIsKept_rfc6298_3() {
        TcpScript s = TcpScript.established();
        s.write("abc");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.send(at(250), seg().seq(s.remote(1)).ack(s.local(4)));
        assertThat(s.connection().srttNanos()).isZero();
        assertThat(s.connection().rtoNanos()).isEqualTo(at(400));
        s.write("d");
        s.expect(at(250), seg().psh().seq(s.local(4)).ack(s.remote(1)).payload("d"));
        s.expectNothing(at(649));
        s.expect(at(650), seg().psh().seq(s.local(4)).ack(s.remote(1)).payload("d"));
    }

    /** Five full segments out at 0; the peer acknowledges the first and then sends three duplicate ACKs. */
    private static TcpScript fiveSegmentsThenThreeDupAcks(TcpScript s, SackBlock... sacks) {
        s.write(TcpScript.pattern(0, 5 * MSS));
        for (int i = 0; i < 5; i++) {
            s.expect(at(0), seg().psh().seq(s.local(1 + i * MSS)).ack(s.remote(1)).data(i * MSS, MSS));
        }
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1 + MSS)));
        for (int i = 0; i < 3; i++) {
            Seg dup = seg().seq(s.remote(1)).ack(s.local(1 + MSS));
            if (sacks.length > 0) {
                dup.sack(sacks[Math.min(i, sacks.length - 1)]);
            }
            if (i < 2) {
                s.send(at(11 + i), dup);
                s.expectNothing(at(11 + i));
            } else {
                s.send(at(11 + i), dup);
            }
        }
        return s;
    }

    @Test
    void threeDuplicateAcks_triggerFastRetransmit_andHalveTheWindow_rfc5681_3_2() {
        TcpScript s = fiveSegmentsThenThreeDupAcks(TcpScript.established());
        s.expect(at(13), seg().psh().seq(s.local(1 + MSS)).ack(s.remote(1)).data(MSS, MSS));
        assertThat(s.connection().ssthresh()).isEqualTo(2 * MSS);
        assertThat(s.connection().cwnd()).isEqualTo(2 * MSS + 3 * MSS);
        assertThat(s.events()).contains("retransmit 11461+1460 fast at 13", "cwnd 7300 ssthresh 2920 rto 200 at 13");
    }

    @Test
    void newRenoPartialAck_retransmitsTheNextHole_andAFullAckEndsRecovery_rfc6582_3_2() {
        TcpScript s = fiveSegmentsThenThreeDupAcks(TcpScript.established());
        s.expect(at(13), seg().psh().seq(s.local(1 + MSS)).ack(s.remote(1)).data(MSS, MSS));
        s.expectNothing(at(19));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1 + 2 * MSS)));
        s.expect(at(20), seg().psh().seq(s.local(1 + 2 * MSS)).ack(s.remote(1)).data(2 * MSS, MSS));
        s.send(at(30), seg().seq(s.remote(1)).ack(s.local(1 + 5 * MSS)));
        assertThat(s.connection().cwnd()).isEqualTo(2 * MSS);
        s.expectNothing(at(10_000));
    }

    @Test
    void sackRecovery_retransmitsEveryLostSegmentThePipeAllows_rfc6675_5() {
        TcpConfig config = TcpScript.CONFIG.withOptions(false, false, true);
        TcpScript s = TcpScript.established(config, TcpOptions.NONE.withMss(MSS).withSackPermitted(true));
        s.write(TcpScript.pattern(0, 6 * MSS));
        for (int i = 0; i < 6; i++) {
            s.expect(at(0), seg().psh().seq(s.local(1 + i * MSS)).ack(s.remote(1)).data(i * MSS, MSS));
        }
        // Segments 2 and 3 are lost; 4, 5 and 6 arrive and are SACKed.
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1 + MSS)));
        s.send(at(11), seg().seq(s.remote(1)).ack(s.local(1 + MSS))
                .sack(new SackBlock(s.local(1 + 3 * MSS), s.local(1 + 4 * MSS))));
        s.send(at(12), seg().seq(s.remote(1)).ack(s.local(1 + MSS))
                .sack(new SackBlock(s.local(1 + 3 * MSS), s.local(1 + 5 * MSS))));
        s.expectNothing(at(12));
        s.send(at(13), seg().seq(s.remote(1)).ack(s.local(1 + MSS))
                .sack(new SackBlock(s.local(1 + 3 * MSS), s.local(1 + 6 * MSS))));
        s.expect(at(13), seg().psh().seq(s.local(1 + MSS)).ack(s.remote(1)).data(MSS, MSS));
        s.expect(at(13), seg().psh().seq(s.local(1 + 2 * MSS)).ack(s.remote(1)).data(2 * MSS, MSS));
        s.expectNothing(at(13));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1 + 6 * MSS)));
        assertThat(s.connection().sndUna()).isEqualTo(s.local(1 + 6 * MSS));
        s.expectNothing(at(10_000));
    }

    @Test
    void initialWindowIsTenSegments_andRtoStartsAtTheMinimum_rfc6928_rfc6298() {
        TcpScript s = TcpScript.established();
        assertThat(s.connection().cwnd()).isEqualTo(10 * MSS);
        assertThat(s.connection().ssthresh()).isEqualTo(Long.MAX_VALUE);
        assertThat(s.connection().rtoNanos()).isEqualTo(at(200));
    }
}
