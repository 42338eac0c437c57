package dev.wirestack.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one traffic item went: its label, whether it ran to its end within the scenario's duration, and what it
 * measured, in a fixed order (for the report's table and the JSON summary). Values are numbers, booleans or strings;
 * times are in milliseconds of virtual time, -1 for what never happened.
 */
public record Outcome(String label, String kind, boolean completed, Map<String, Object> values) {
    public Outcome {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Collects the values in the order they are put. */
    static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        Builder put(String key, Object value) {
            values.put(key, value);
            return this;
        }

        /** A virtual time span in milliseconds, rounded to microseconds; -1 when either end is missing. */
        Builder millis(String key, long fromNanos, long toNanos) {
            return put(key, fromNanos < 0 || toNanos < 0 ? -1.0 : Math.round((toNanos - fromNanos) / 1e3) / 1e3);
        }

        Outcome build(String label, String kind, boolean completed) {
            return new Outcome(label, kind, completed, values);
        }
    }
}
