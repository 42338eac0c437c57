package dev.wirestack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Wall-clock and this thread's CPU time over a measured run. CPU time is the steadier of the two on a busy machine:
 * it does not count the time other processes held the core.
 */
final class Stopwatch {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What a run cost. */
    record Elapsed(long wallNanos, long cpuNanos) {
        /** {@code count} per second of wall-clock time. */
        long perWallSecond(long count) {
            return wallNanos == 0 ? 0 : Math.round(count * 1e9 / wallNanos);
        }

        /** {@code count} per second of this thread's CPU time (0 when the JVM cannot measure it). */
        long perCpuSecond(long count) {
            return cpuNanos <= 0 ? 0 : Math.round(count * 1e9 / cpuNanos);
        }
    }

    private final long wallStart = System.nanoTime();
    private final long cpuStart = THREADS.getCurrentThreadCpuTime();

    Elapsed stop() {
        return new Elapsed(System.nanoTime() - wallStart, THREADS.getCurrentThreadCpuTime() - cpuStart);
    }
}
