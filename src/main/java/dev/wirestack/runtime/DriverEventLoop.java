package dev.wirestack.runtime;

import dev.wirestack.http.transport.EventLoop;
import java.util.Objects;

/**
 * A {@link RealTimeDriver} as the HTTP layer's {@link EventLoop}, so that {@code new WirestackNetwork(host, loop)}
 * serves and fetches over Wirestack TCP on a TAP. It uses only the driver's public methods: time is the driver's
 * clock (the one the host sees), work runs on the loop thread.
 *
 * <p>The driver's timers cannot be removed, so a cancelled task stays queued until its deadline and is then
 * skipped; HTTP cancels most of its timeouts (every answered request), which is cheap this way.
 */
public final class DriverEventLoop implements EventLoop {
    private final RealTimeDriver driver;

    public DriverEventLoop(RealTimeDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    @Override
    public long nowNanos() {
        return driver.now();
    }

    /**
     * From any thread: on the loop thread the timer is set at once; from another (before the driver starts, or from a
     * caller's thread) it is handed over first, and its delay counts from the call.
     */
    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Objects.requireNonNull(task, "task");
        ScheduledTask scheduled = new ScheduledTask(task);
        if (driver.isLoopThread()) {
            driver.schedule(delayNanos, scheduled);
        } else {
            long deadline = driver.now() + delayNanos;
            driver.execute(() -> driver.schedule(deadline - driver.now(), scheduled));
        }
        return scheduled;
    }

    @Override
    public void execute(Runnable task) {
        driver.execute(task);
    }

    /** A timer task that does nothing once cancelled; only the loop thread runs and (normally) cancels it. */
    private static final class ScheduledTask implements Runnable, Cancellable {
        private final Runnable task;
        private volatile boolean cancelled;

        ScheduledTask(Runnable task) {
            this.task = task;
        }

        @Override
        public void run() {
            if (!cancelled) {
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
