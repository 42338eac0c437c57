package dev.wirestack.http.transport;

/**
 * The one thread that owns a set of connections, and its clock and timers: the seam through which HTTP gets time
 * (keep-alive, header and client timeouts) without reading a clock itself. In the simulator the network's virtual
 * clock and scheduler drive it; on the JDK {@link NioNetwork} is one.
 */
public interface EventLoop {
    /** Monotonic time in nanoseconds, on an arbitrary epoch. */
    long nowNanos();

    /** Runs {@code task} on the loop after {@code delayNanos}, unless cancelled first. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} on the loop, soon; callable from any thread. */
    void execute(Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }
}
