package dev.wirestack.http.transport;

import java.time.Duration;
import java.util.PriorityQueue;

/** An {@link EventLoop} in virtual time for tests: tasks run when the test runs the loop, in time then FIFO order. */
public final class ManualLoop implements EventLoop {
    private record Task(long at, long sequence, Runnable action, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.sequence, b.sequence));
    private long now;
    private long sequence;

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(now + Math.max(0, delayNanos), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    /** Tasks and timers scheduled and not yet run or dropped, cancelled or not: what the loop holds. */
    public int pending() {
        return tasks.size();
    }

    /** Runs every task due now, including those they schedule for now. */
    public void runNow() {
        runUntil(now);
    }

    /** Advances virtual time by {@code duration}, running what falls due. */
    public void runFor(Duration duration) {
        runUntil(now + duration.toNanos());
    }

    private void runUntil(long end) {
        Task next;
        while ((next = tasks.peek()) != null && next.at <= end) {
            tasks.poll();
            now = next.at;
            if (!next.cancelled[0]) {
                next.action.run();
            }
        }
        now = end;
    }
}
