package dev.wirestack.tcp.cc;

import dev.wirestack.tcp.cc.CongestionControl.Cause;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The NewReno window trajectory under synthetic ACK and loss sequences, against RFC 5681/3465/6582/6928. */
class NewRenoTest {
    static final int MSS = 1000;
    static final long RTT = 100_000_000L; // 100 ms

    /** Acknowledges one round trip: the whole window, one SMSS per ACK, and returns the time after it. */
    static long ackOneRoundTrip(CongestionControl cc, long now) {
        long window = cc.window();
        for (long acked = 0; acked < window; acked += MSS) {
            cc.onAck(now, MSS, RTT, window - acked - MSS);
        }
        return now + RTT;
    }

    @ParameterizedTest(name = "mss {0} -> {1} bytes")
    @CsvSource({"536, 5360", "1000, 10000", "1460, 14600", "4000, 14600", "9000, 18000"})
    void initialWindow_isMin10MssOrMax2MssAnd14600_rfc6928(int mss, long expected) {
        assertThat(new NewReno(0, mss).window()).isEqualTo(expected);
        assertThat(new NewReno(0, mss).ssthresh()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void slowStart_doublesTheWindowEachRoundTrip_rfc5681_3_1() {
        NewReno cc = new NewReno(0, MSS);
        long now = 0;
        for (long expected : new long[] {20_000, 40_000, 80_000, 160_000}) {
            now = ackOneRoundTrip(cc, now);
            assertThat(cc.window()).isEqualTo(expected);
            assertThat(cc.metrics().phase()).isEqualTo(CcMetrics.Phase.SLOW_START);
        }
    }

    @Test
    void aStretchAck_growsSlowStartByAtMostTwoSegments_rfc3465_2_2() {
        NewReno cc = new NewReno(0, MSS);
        cc.onAck(0, 5 * MSS, RTT, 0);
        assertThat(cc.window()).isEqualTo(12_000);
        cc.onAck(0, 500, RTT, 0); // a small ACK counts its bytes only
        assertThat(cc.window()).isEqualTo(12_500);
    }

    @Test
    void congestionAvoidance_growsOneSegmentPerRoundTrip_rfc5681_3_1() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.DUPACK, 40_000); // ssthresh = cwnd = 20 segments
        cc.onRecoveryExit(0, 20_000);
        assertThat(cc.window()).isEqualTo(20_000);
        long now = 0;
        for (long expected = 21_000; expected <= 30_000; expected += MSS) {
            now = ackOneRoundTrip(cc, now);
            assertThat(cc.window()).isEqualTo(expected);
            assertThat(cc.metrics().phase()).isEqualTo(CcMetrics.Phase.CONGESTION_AVOIDANCE);
        }
    }

    @Test
    void byteCounting_inCongestionAvoidance_carriesTheRemainder_rfc3465_2_1() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.ECN, 20_000); // cwnd = ssthresh = 10,000
        cc.onAck(0, 6_000, RTT, 0);
        assertThat(cc.window()).isEqualTo(10_000);
        cc.onAck(0, 6_000, RTT, 0); // 12,000 >= 10,000: +1 SMSS, 2,000 carried
        assertThat(cc.window()).isEqualTo(11_000);
        cc.onAck(0, 9_000, RTT, 0); // 11,000 >= 11,000
        assertThat(cc.window()).isEqualTo(12_000);
    }

    @Test
    void threeDupAcks_halveTheWindowAndNewRenoInflatesAndDeflates_rfc6582_3_2() {
        NewReno cc = new NewReno(0, MSS);
        ackOneRoundTrip(cc, 0);
        ackOneRoundTrip(cc, 0); // cwnd 40 segments
        cc.onCongestionEvent(0, Cause.DUPACK, 40_000);
        assertThat(cc.ssthresh()).isEqualTo(20_000);
        assertThat(cc.window()).isEqualTo(20_000);
        assertThat(cc.inRecovery()).isTrue();
        cc.onDuplicateAcksInRecovery(3); // step 2: cwnd = ssthresh + 3 * SMSS
        assertThat(cc.window()).isEqualTo(23_000);
        cc.onDuplicateAcksInRecovery(1); // step 3: one more SMSS per further duplicate ACK
        assertThat(cc.window()).isEqualTo(24_000);
        cc.onAck(0, 5_000, RTT, 30_000); // step 5, partial ACK: - 5,000 + 1 SMSS
        assertThat(cc.window()).isEqualTo(20_000);
        cc.onAck(0, 500, RTT, 29_500); // less than one SMSS acknowledged: nothing added back
        assertThat(cc.window()).isEqualTo(19_500);
        cc.onCongestionEvent(0, Cause.DUPACK, 29_500); // a second loss in the same window: no second halving
        assertThat(cc.ssthresh()).isEqualTo(20_000);
        cc.onRecoveryExit(0, 30_000); // step 6: min(ssthresh, max(FlightSize, SMSS) + SMSS)
        assertThat(cc.window()).isEqualTo(20_000);
        assertThat(cc.inRecovery()).isFalse();
    }

    @Test
    void recoveryExit_withLittleInFlight_avoidsABurst_rfc6582_3_2_step6() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.DUPACK, 40_000);
        cc.onRecoveryExit(0, 3_000);
        assertThat(cc.window()).isEqualTo(4_000);
    }

    @Test
    void sackRecovery_withoutInflation_keepsTheWindowAtSsthreshOnPartialAcks_rfc6675() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.DUPACK, 40_000);
        cc.onAck(0, 5_000, RTT, 30_000);
        cc.onAck(0, 5_000, RTT, 25_000);
        assertThat(cc.window()).isEqualTo(20_000);
        assertThat(cc.metrics().phase()).isEqualTo(CcMetrics.Phase.RECOVERY);
    }

    @Test
    void ssthresh_neverFallsBelowTwoSegments_rfc5681_equation4() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.DUPACK, 1_500);
        assertThat(cc.ssthresh()).isEqualTo(2_000);
        assertThat(cc.window()).isEqualTo(2_000);
    }

    @Test
    void anRto_restartsSlowStartFromOneSegment_rfc5681_3_1() {
        NewReno cc = new NewReno(0, MSS);
        ackOneRoundTrip(cc, 0); // cwnd 20 segments
        cc.onCongestionEvent(0, Cause.RTO, 20_000);
        assertThat(cc.window()).isEqualTo(MSS);
        assertThat(cc.ssthresh()).isEqualTo(10_000);
        cc.onAck(0, 3 * MSS, RTT, 0); // RFC 3465 section 2.3: L = 1 SMSS in slow start after an RTO
        assertThat(cc.window()).isEqualTo(2_000);
        long now = 0;
        for (long expected : new long[] {4_000, 8_000, 10_000}) { // slow start stops at ssthresh
            now = ackOneRoundTrip(cc, now);
            assertThat(cc.window()).isEqualTo(expected);
        }
        ackOneRoundTrip(cc, now); // congestion avoidance: one SMSS per round trip
        assertThat(cc.window()).isEqualTo(11_000);
    }

    @Test
    void aRepeatedRto_withoutProgress_keepsSsthresh_rfc5681_3_1() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.RTO, 20_000);
        cc.onCongestionEvent(1, Cause.RTO, 1_000); // the retransmission timed out again
        assertThat(cc.ssthresh()).isEqualTo(10_000);
        cc.onAck(2, MSS, RTT, 0);
        cc.onCongestionEvent(3, Cause.RTO, 2_000); // after progress, a new timeout recomputes it
        assertThat(cc.ssthresh()).isEqualTo(2_000);
    }

    @Test
    void anRto_duringRecovery_endsRecovery() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.DUPACK, 40_000);
        cc.onCongestionEvent(1, Cause.RTO, 20_000);
        assertThat(cc.inRecovery()).isFalse();
        assertThat(cc.window()).isEqualTo(MSS);
        cc.onDuplicateAcksInRecovery(3); // not in recovery: no inflation
        assertThat(cc.window()).isEqualTo(MSS);
    }

    @Test
    void anMssChange_keepsTheWindowsInSegments() {
        NewReno cc = new NewReno(0, MSS);
        cc.onCongestionEvent(0, Cause.ECN, 40_000);
        cc.onMssChange(500);
        assertThat(cc.window()).isEqualTo(10_000);
        assertThat(cc.ssthresh()).isEqualTo(10_000);
        assertThat(cc.mss()).isEqualTo(500);
        assertThat(cc.metrics()).isEqualTo(
                new CcMetrics("newreno", 10_000, 10_000, 500, CcMetrics.Phase.CONGESTION_AVOIDANCE));
    }

    @Test
    void theFactory_givesEachConnectionItsOwnState() {
        CongestionControlFactory factory = NewReno::new;
        CongestionControl a = factory.create(0, MSS);
        CongestionControl b = factory.create(0, MSS);
        a.onCongestionEvent(0, Cause.RTO, 10_000);
        assertThat(b.window()).isEqualTo(10_000);
        assertThat(a.window()).isEqualTo(MSS);
        assertThat(a.name()).isEqualTo("newreno");
    }
}
