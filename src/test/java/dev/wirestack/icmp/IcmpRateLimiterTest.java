package dev.wirestack.icmp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class IcmpRateLimiterTest {
    static final long MS = 1_000_000L;

    @Test
    void aFullBucketAllowsTheBurst_thenOnePerInterval() {
        IcmpRateLimiter limiter = IcmpRateLimiter.linuxDefault();
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(0)) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(50);
        assertThat(limiter.tryAcquire(MS / 2)).isFalse();
        assertThat(limiter.tryAcquire(MS)).isTrue();
        assertThat(limiter.tryAcquire(MS)).isFalse();
        assertThat(limiter.available(1000 * MS)).isEqualTo(50); // refills up to the burst, not beyond
    }

    @Test
    void partialIntervalsAreNotLost() {
        IcmpRateLimiter limiter = new IcmpRateLimiter(Duration.ofMillis(10), 1);
        assertThat(limiter.tryAcquire(0)).isTrue();
        assertThat(limiter.tryAcquire(6 * MS)).isFalse();
        assertThat(limiter.tryAcquire(10 * MS)).isTrue();
    }
}
