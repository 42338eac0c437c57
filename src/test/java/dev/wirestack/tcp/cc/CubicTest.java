package dev.wirestack.tcp.cc;

import dev.wirestack.tcp.cc.CongestionControl.Cause;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The CUBIC window against RFC 9438's formulas, computed by hand for W_max = 100 segments. */
class CubicTest {
    static final int MSS = 1000;
    static final long SECOND = 1_000_000_000L;
    static final long NO_RTT = -1;
    /** K for W_max = 100 and cwnd_epoch = 70: cbrt((100 - 70) / 0.4) = cbrt(75). */
    static final double K = Math.cbrt(75);

    /** A CUBIC whose window grew to 100 segments in slow start and then met a loss at time 0. */
    static Cubic afterLossAt100Segments() {
        Cubic cc = new Cubic(0, MSS);
        for (int i = 0; i < 90; i++) {
            cc.onAck(0, MSS, NO_RTT, 0);
        }
        assertThat(cc.window()).isEqualTo(100_000);
        cc.onCongestionEvent(0, Cause.DUPACK, 100_000);
        cc.onRecoveryExit(0, 70_000);
        return cc;
    }

    /** One ACK for the whole window: CUBIC then moves cwnd exactly to its target (section 4.4/4.5). */
    static void ackWholeWindow(Cubic cc, long now, long rtt) {
        cc.onAck(now, cc.window(), rtt, 0);
    }

    /** A one-byte ACK at {@code now}: it starts the congestion avoidance epoch and barely moves W_est. */
    static void startEpoch(Cubic cc, long now) {
        cc.onAck(now, 1, NO_RTT, 0);
    }

    static double segments(CongestionControl cc) {
        return (double) cc.window() / MSS;
    }

    @Test
    void aLoss_reducesTheWindowTo70Percent_rfc9438_4_6() {
        Cubic cc = afterLossAt100Segments();
        assertThat(cc.ssthresh()).isEqualTo(70_000);
        assertThat(cc.window()).isEqualTo(70_000);
        assertThat(cc.wMax()).isEqualTo(100.0);
        assertThat(cc.name()).isEqualTo("cubic");
    }

    @Test
    void theWindow_followsTheCubicCurve_andReachesWMaxAtK_rfc9438_4_2() {
        Cubic cc = afterLossAt100Segments();
        startEpoch(cc, 0); // W_cubic(0) = 70: no growth
        assertThat(cc.window()).isEqualTo(70_000);
        assertThat(cc.k()).isCloseTo(K, within(1e-9));
        for (double t : new double[] {1, 2, 3, 4}) {
            ackWholeWindow(cc, (long) (t * SECOND), NO_RTT);
            double expected = 0.4 * Math.pow(t - K, 3) + 100; // 86.7, 94.5, 97.8, 99.99 segments
            assertThat(segments(cc)).isCloseTo(expected, within(0.002));
        }
        ackWholeWindow(cc, (long) (K * SECOND), NO_RTT);
        assertThat(segments(cc)).isCloseTo(100.0, within(0.002)); // the plateau at W_max
        ackWholeWindow(cc, (long) ((K + 2) * SECOND), NO_RTT); // convex: probing beyond W_max
        assertThat(segments(cc)).isCloseTo(100 + 0.4 * 8, within(0.002));
    }

    @Test
    void theTarget_isTheCurveOneRttAhead_rfc9438_4_2() {
        Cubic cc = afterLossAt100Segments();
        startEpoch(cc, 0);
        ackWholeWindow(cc, SECOND, SECOND / 2); // W_cubic(1 + 0.5)
        assertThat(segments(cc)).isCloseTo(0.4 * Math.pow(1.5 - K, 3) + 100, within(0.002));
    }

    @Test
    void anAckForPartOfTheWindow_closesThatShareOfTheGap_rfc9438_4_4() {
        Cubic cc = afterLossAt100Segments();
        startEpoch(cc, 0);
        double target = 0.4 * Math.pow(1 - K, 3) + 100;
        cc.onAck(SECOND, 35_000, NO_RTT, 0); // half the window: cwnd += (target - cwnd) / 2
        assertThat(segments(cc)).isCloseTo(70 + (target - 70) / 2, within(0.002));
    }

    @Test
    void growthPerRtt_isCappedAtHalfTheWindow_rfc9438_4_5() {
        Cubic cc = afterLossAt100Segments();
        startEpoch(cc, 0);
        ackWholeWindow(cc, 20 * SECOND, NO_RTT); // the curve is far above: at most 1.5 * cwnd
        assertThat(cc.window()).isEqualTo(105_000);
    }

    @Test
    void whenCubicIsSlowerThanReno_theRenoFriendlyEstimateRules_rfc9438_4_3() {
        Cubic cc = afterLossAt100Segments();
        for (int i = 0; i < 10; i++) {
            ackWholeWindow(cc, 0, NO_RTT); // no time passes: W_cubic stays 70 while W_est grows by alpha per window
        }
        double alpha = 3 * (1 - 0.7) / (1 + 0.7);
        assertThat(segments(cc)).isCloseTo(70 + 10 * alpha, within(0.002));
    }

    @Test
    void theRenoFriendlyEstimate_growsOneSegmentPerWindowOnceAboveCwndPrior_rfc9438_4_3() {
        Cubic cc = afterLossAt100Segments();
        double alpha = 3 * (1 - 0.7) / (1 + 0.7);
        int acks = 0;
        double wEst = 70;
        while (wEst < 100) {
            ackWholeWindow(cc, 0, NO_RTT);
            wEst += alpha;
            acks++;
        }
        ackWholeWindow(cc, 0, NO_RTT); // W_est >= cwnd_prior = 100: alpha = 1
        assertThat(segments(cc)).isCloseTo(70 + acks * alpha + 1, within(0.01));
    }

    @Test
    void fastConvergence_lowersWMaxWhenTheWindowKeepsFalling_rfc9438_4_7() {
        Cubic cc = afterLossAt100Segments();
        cc.onCongestionEvent(SECOND, Cause.DUPACK, 70_000); // cwnd_prior 70 < W_max 100
        assertThat(cc.wMax()).isCloseTo(70 * (1 + 0.7) / 2, within(1e-9)); // 59.5
        assertThat(cc.window()).isEqualTo(49_000);

        Cubic plain = new Cubic(0, MSS, false);
        plain.onCongestionEvent(0, Cause.DUPACK, 10_000);
        plain.onRecoveryExit(0, 7_000);
        plain.onCongestionEvent(0, Cause.DUPACK, 7_000);
        assertThat(plain.wMax()).isEqualTo(7.0);
    }

    @Test
    void afterAnRto_slowStartRestartsAndTheNextEpochHasKZero_rfc9438_4_8() {
        Cubic cc = afterLossAt100Segments();
        cc.onCongestionEvent(SECOND, Cause.RTO, 70_000);
        assertThat(cc.window()).isEqualTo(MSS);
        assertThat(cc.ssthresh()).isEqualTo(49_000);
        while (cc.window() < cc.ssthresh()) {
            cc.onAck(2 * SECOND, MSS, NO_RTT, 0);
        }
        assertThat(cc.window()).isEqualTo(49_000);
        ackWholeWindow(cc, 2 * SECOND, NO_RTT); // the epoch starts here, at W_max = 49, K = 0
        assertThat(cc.k()).isZero();
        assertThat(cc.wMax()).isEqualTo(49.0);
        ackWholeWindow(cc, 4 * SECOND, NO_RTT);
        assertThat(segments(cc)).isCloseTo(49 + 0.4 * 8, within(0.002)); // W(2) = C * 2^3 + W_max
    }

    @Test
    void theFactory_makesIndependentControllers() {
        CongestionControlFactory factory = Cubic::new;
        CongestionControl a = factory.create(0, MSS);
        CongestionControl b = factory.create(0, MSS);
        a.onCongestionEvent(0, Cause.DUPACK, 10_000);
        assertThat(a.window()).isEqualTo(7_000);
        assertThat(b.window()).isEqualTo(10_000);
    }
}
