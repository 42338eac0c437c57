package dev.wirestack.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateFieldTest {
    /** A clock the test moves. */
    private static final class SteppedClock extends Clock {
        Instant now;

        SteppedClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theDateIsFormattedOncePerSecondAndFollowsTheClock() {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-11-27T14:00:00.100Z"));
        DateField date = new DateField(clock);

        String first = date.now();
        clock.now = Instant.parse("2026-11-27T14:00:00.999Z");
        String sameSecond = date.now();
        clock.now = Instant.parse("2026-11-27T14:00:01Z");
        String next = date.now();

        assertThat(first).isEqualTo("Fri, 27 Nov 2026 14:00:00 GMT");
        assertThat(sameSecond).isSameAs(first);
        assertThat(next).isEqualTo("Fri, 27 Nov 2026 14:00:01 GMT");
    }

    @Test
    void aClockBeforeTheEpochStillGetsItsOwnSecond() {
        SteppedClock clock = new SteppedClock(Instant.parse("1969-12-31T23:59:59.500Z"));

        assertThat(new DateField(clock).now()).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
    }
}
