package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;

import java.time.Clock;
import java.time.Instant;

/**
 * The Date field of responses (RFC 9110 section 6.6.1), formatted once per second of the server's wall clock rather
 * than once per response: a date has a resolution of one second anyway. Shared by the connections of one server,
 * possibly on several event loops: the cached pair is immutable and replaced whole, so a racing reader sees either
 * the old second or the new one.
 */
final class DateField {
    private record Formatted(long second, String text, Headers.Field field) {
    }

    private final Clock clock;
    private volatile Formatted current = new Formatted(Long.MIN_VALUE, "", null);

    DateField(Clock clock) {
        this.clock = clock;
    }

    /** The IMF-fixdate of the clock's current second. */
    String now() {
        return formatted().text();
    }

    /** The Date field of the clock's current second. */
    Headers.Field field() {
        return formatted().field();
    }

    private Formatted formatted() {
        long second = Math.floorDiv(clock.millis(), 1000);
        Formatted cached = current;
        if (cached.second() != second) {
            String text = HttpDates.format(Instant.ofEpochSecond(second));
            cached = new Formatted(second, text, new Headers.Field("Date", text));
            current = cached;
        }
        return cached;
    }
}
