package dev.wirestack.tcp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 6298 step by step, with numbers chosen so the integer arithmetic is exact. */
class RttEstimatorTest {
    static final long MS = 1_000_000L;
    static final long S = 1_000 * MS;

    @Test
    void beforeAnySample_theRtoIsOneSecond_rfc6298_2_1() {
        RttEstimator rtt = new RttEstimator();
        assertThat(rtt.rtoNanos()).isEqualTo(1 * S);
        assertThat(rtt.hasSample()).isFalse();
    }

    @Test
    void firstSample_setsSrttToRAndRttvarToHalfR_rfc6298_2_2() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS);
        assertThat(rtt.srttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.rttvarNanos()).isEqualTo(50 * MS);
        assertThat(rtt.rtoNanos()).isEqualTo(100 * MS + 4 * 50 * MS); // 300 ms
    }

    @Test
    void laterSamples_followTheRfcFormulas_rfc6298_2_3() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS); // SRTT 100, RTTVAR 50
        rtt.onSample(180 * MS);
        // RTTVAR = 3/4 * 50 + 1/4 * |100 - 180| = 37.5 + 20 = 57.5; SRTT = 7/8 * 100 + 1/8 * 180 = 110
        assertThat(rtt.rttvarNanos()).isEqualTo(57_500_000L);
        assertThat(rtt.srttNanos()).isEqualTo(110 * MS);
        assertThat(rtt.rtoNanos()).isEqualTo(110 * MS + 4 * 57_500_000L); // 340 ms
        rtt.onSample(30 * MS);
        // RTTVAR = 3/4 * 57.5 + 1/4 * |110 - 30| = 43.125 + 20 = 63.125; SRTT = 7/8 * 110 + 1/8 * 30 = 100
        assertThat(rtt.rttvarNanos()).isEqualTo(63_125_000L);
        assertThat(rtt.srttNanos()).isEqualTo(100 * MS);
        assertThat(rtt.rtoNanos()).isEqualTo(100 * MS + 4 * 63_125_000L); // 352.5 ms
    }

    @Test
    void steadySamples_shrinkTheVarianceUntilTheGranularityTermRules() {
        RttEstimator rtt = new RttEstimator(new RttEstimator.Config(10 * MS, 1 * MS, 120 * S, 1 * S));
        for (int i = 0; i < 100; i++) {
            rtt.onSample(40 * MS);
        }
        assertThat(rtt.srttNanos()).isEqualTo(40 * MS);
        assertThat(4 * rtt.rttvarNanos()).isLessThan(10 * MS);
        assertThat(rtt.rtoNanos()).isEqualTo(40 * MS + 10 * MS); // SRTT + max(G, 4*RTTVAR) with G = 10 ms
    }

    @Test
    void aSmallRto_isRaisedToTheMinimum_200msByDefault() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(10 * MS); // 10 + 4*5 = 30 ms
        assertThat(rtt.rtoNanos()).isEqualTo(200 * MS);
        RttEstimator rfc = new RttEstimator(RttEstimator.Config.rfc6298());
        rfc.onSample(10 * MS);
        assertThat(rfc.rtoNanos()).isEqualTo(1 * S);
    }

    @Test
    void aHugeRto_isCappedAtTheMaximum() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * S); // 100 + 4*50 = 300 s
        assertThat(rtt.rtoNanos()).isEqualTo(120 * S);
    }

    @Test
    void backoff_doublesTheRtoUpToTheMaximum_rfc6298_5_5() {
        RttEstimator rtt = new RttEstimator();
        long[] expected = {2, 4, 8, 16, 32, 64, 120, 120};
        for (long seconds : expected) {
            rtt.backoff();
            assertThat(rtt.rtoNanos()).isEqualTo(seconds * S);
        }
        assertThat(rtt.backoffCount()).isEqualTo(expected.length);
    }

    @Test
    void aNewSample_clearsTheBackoff() {
        RttEstimator rtt = new RttEstimator();
        rtt.onSample(100 * MS); // RTO 300 ms
        rtt.backoff();
        rtt.backoff();
        assertThat(rtt.rtoNanos()).isEqualTo(1200 * MS);
        assertThat(rtt.srttNanos()).isEqualTo(100 * MS); // backoff leaves the estimates alone
        rtt.onSample(100 * MS); // RTTVAR = 3/4*50 + 0 = 37.5, SRTT 100
        assertThat(rtt.rtoNanos()).isEqualTo(100 * MS + 150 * MS);
        assertThat(rtt.backoffCount()).isZero();
    }

    @Test
    void aZeroSample_isAllowedAndTheGranularityKeepsTheRtoAboveSrtt() {
        RttEstimator rtt = new RttEstimator(new RttEstimator.Config(1 * MS, 1, 120 * S, 1 * S));
        rtt.onSample(0);
        assertThat(rtt.rtoNanos()).isEqualTo(1 * MS);
    }

    @Test
    void misuse_isRejectedWithAClearMessage() {
        assertThatThrownBy(() -> new RttEstimator().onSample(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new RttEstimator.Config(0, 2 * S, 1 * S, 1 * S))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimum RTO");
        assertThatThrownBy(() -> new RttEstimator.Config(0, 1 * MS, 1 * S, 2 * S))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial RTO");
    }
}
