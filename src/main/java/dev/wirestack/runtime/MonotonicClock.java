package dev.wirestack.runtime;

import java.time.Instant;

/**
 * Real time for a node on a real network: nanoseconds since the clock was made, from the monotonic clock (it never
 * jumps when the wall clock is set). The wall clock is read once, so that captures carry calendar timestamps.
 * This is the one place outside benchmarks where Wirestack reads a clock; the protocol core only receives times.
 */
public final class MonotonicClock {
    private final long origin = System.nanoTime();
    private final Instant epochOrigin = Instant.now();

    /** Nanoseconds since this clock was made. */
    public long now() {
        return System.nanoTime() - origin;
    }

    /** A time of {@link #now} as nanoseconds since the Unix epoch, for pcap timestamps. */
    public long epochNanos(long nowNanos) {
        return epochOrigin.getEpochSecond() * 1_000_000_000L + epochOrigin.getNano() + nowNanos;
    }
}
