package dev.wirestack.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YieldBeforeSleepTest {
    private final YieldBeforeSleep policy = new YieldBeforeSleep();

    @Test
    void aPassThatFoundNothingGoesStraightToSleep() {
        assertThat(policy.shouldTry(false)).isFalse();
    }

    @Test
    void aBusyLoopWhoseLooksFindWorkKeepsLooking() {
        for (int pass = 0; pass < 1000; pass++) {
            assertThat(policy.shouldTry(true)).isTrue();
            policy.tried(pass % 2 == 0); // every other look misses: the peer ran on the other core then
        }
    }

    @Test
    void missesInARowBackOffByDoublingUpToTheMaximumAndOneHitResets() {
        for (int miss = 0; miss < YieldBeforeSleep.MISSES_BEFORE_BACK_OFF - 1; miss++) {
            assertThat(policy.shouldTry(true)).isTrue();
            policy.tried(false);
        }
        assertThat(busyPassesUntilTheNextTry()).isZero();
        policy.tried(false); // the eighth miss in a row: from here each miss doubles the passes skipped
        assertThat(busyPassesUntilTheNextTry()).isEqualTo(1);
        policy.tried(false);
        assertThat(busyPassesUntilTheNextTry()).isEqualTo(2);
        policy.tried(false);
        assertThat(busyPassesUntilTheNextTry()).isEqualTo(4);
        for (int miss = 0; miss < 20; miss++) {
            policy.tried(false);
            assertThat(busyPassesUntilTheNextTry()).isLessThanOrEqualTo(YieldBeforeSleep.MAX_SKIPPED);
        }
        policy.tried(false);
        assertThat(busyPassesUntilTheNextTry()).isEqualTo(YieldBeforeSleep.MAX_SKIPPED);

        policy.tried(true);
        assertThat(busyPassesUntilTheNextTry()).isZero();
    }

    @Test
    void idlePassesDoNotUseUpTheSkippedBusyOnes() {
        for (int miss = 0; miss < YieldBeforeSleep.MISSES_BEFORE_BACK_OFF + 1; miss++) {
            policy.shouldTry(true);
            policy.tried(false);
        }
        // Two busy passes to skip now; idle passes in between neither try nor count.
        assertThat(policy.shouldTry(false)).isFalse();
        assertThat(policy.shouldTry(true)).isFalse();
        assertThat(policy.shouldTry(false)).isFalse();
        assertThat(policy.shouldTry(true)).isFalse();
        assertThat(policy.shouldTry(true)).isTrue();
    }

    /** Busy passes that do not try before one does (the policy is left ready to try). */
    private int busyPassesUntilTheNextTry() {
        int skipped = 0;
        while (!policy.shouldTry(true)) {
            skipped++;
        }
        return skipped;
    }
}
