package dev.wirestack.sim;

import java.time.Duration;
import java.util.Arrays;

/**
 * A discrete-event scheduler on a virtual clock counted in nanoseconds.
 *
 * <p>Events run in order of (time, order of scheduling), so two events due at the same instant always run in the
 * order they were scheduled: a run never depends on hash codes, threads or the wall clock. The clock jumps from one
 * event to the next. The queue is a binary heap of {@link Event} objects that know their own heap slot, so the
 * simulator's own events (frame arrivals, node wake-ups) are moved or cancelled in place instead of piling up.
 */
public final class Scheduler {

    /** Something that happens at an instant; subclassed by the simulator so no wrapper is allocated per frame. */
    abstract static class Event {
        private long time;
        private long order;
        private int heapSlot = -1;

        abstract void fire(long nowNanos);

        final boolean isScheduled() {
            return heapSlot >= 0;
        }

        final long time() {
            return time;
        }
    }

    private static final class ActionEvent extends Event {
        private final Runnable action;

        ActionEvent(Runnable action) {
            this.action = action;
        }

        @Override
        void fire(long nowNanos) {
            action.run();
        }
    }

    private Event[] heap = new Event[256];
    private int size;
    private long now;
    private long nextOrder;

    /** The virtual time, in nanoseconds since the start of the simulation. */
    public long now() {
        return now;
    }

    /** Runs {@code action} at virtual time {@code atNanos}, which must not be in the past. */
    public void schedule(long atNanos, Runnable action) {
        schedule(new ActionEvent(action), atNanos);
    }

    /** Runs {@code action} once {@code delay} has passed on the virtual clock. */
    public void scheduleAfter(Duration delay, Runnable action) {
        schedule(now + delay.toNanos(), action);
    }

    /** The number of events waiting to run. */
    public int pendingEvents() {
        return size;
    }

    /** The time of the next event, or {@link Long#MAX_VALUE} when there is none. */
    public long nextEventTime() {
        return size == 0 ? Long.MAX_VALUE : heap[0].time;
    }

    /** Runs the next event, moving the clock to its time; false when there was none. */
    public boolean step() {
        if (size == 0) {
            return false;
        }
        Event event = heap[0];
        removeAt(0);
        now = event.time;
        event.fire(now);
        return true;
    }

    /** Runs events until none are left. Never returns if a node keeps a periodic timer: use {@link #runUntil}. */
    public void run() {
        while (step()) {
            // each step runs one event
        }
    }

    /** Runs every event due at or before {@code timeNanos}, then sets the clock to {@code timeNanos}. */
    public void runUntil(long timeNanos) {
        if (timeNanos < now) {
            throw new IllegalArgumentException("cannot run back to " + timeNanos + " ns: the clock is at " + now);
        }
        while (size > 0 && heap[0].time <= timeNanos) {
            step();
        }
        now = timeNanos;
    }

    /** Runs the simulation for {@code duration} of virtual time. */
    public void runFor(Duration duration) {
        runUntil(Math.addExact(now, duration.toNanos()));
    }

    /** Schedules {@code event} at {@code atNanos}; an event already waiting is moved (and runs after ties). */
    void schedule(Event event, long atNanos) {
        schedule(event, atNanos, reserveOrder());
    }

    /**
     * The tie-break rank of an event scheduled now, taken without scheduling it: an event scheduled later with it
     * runs exactly where it would have run had it been scheduled now. The links keep the frames on a wire in a
     * queue of their own this way, with only the first in the heap, and events still run in the same order.
     */
    long reserveOrder() {
        return nextOrder++;
    }

    /** Schedules {@code event} at {@code atNanos} with a rank from {@link #reserveOrder}. */
    void schedule(Event event, long atNanos, long order) {
        if (atNanos < now) {
            throw new IllegalArgumentException("cannot schedule at " + atNanos + " ns: the clock is at " + now);
        }
        if (event.isScheduled()) {
            removeAt(event.heapSlot);
        }
        event.time = atNanos;
        event.order = order;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = event;
        event.heapSlot = size;
        size++;
        siftUp(size - 1);
    }

    void cancel(Event event) {
        if (event.isScheduled()) {
            removeAt(event.heapSlot);
        }
    }

    private static boolean before(Event a, Event b) {
        return a.time < b.time || (a.time == b.time && a.order < b.order);
    }

    private void removeAt(int slot) {
        Event removed = heap[slot];
        removed.heapSlot = -1;
        size--;
        if (slot == size) {
            heap[size] = null;
            return;
        }
        Event last = heap[size];
        heap[size] = null;
        place(last, slot);
        siftDown(slot);
        if (heap[slot] == last) {
            siftUp(slot);
        }
    }

    private void siftUp(int slot) {
        Event event = heap[slot];
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (!before(event, heap[parent])) {
                break;
            }
            place(heap[parent], slot);
            slot = parent;
        }
        place(event, slot);
    }

    private void siftDown(int slot) {
        Event event = heap[slot];
        int half = size >>> 1;
        while (slot < half) {
            int child = 2 * slot + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], event)) {
                break;
            }
            place(heap[child], slot);
            slot = child;
        }
        place(event, slot);
    }

    private void place(Event event, int slot) {
        heap[slot] = event;
        event.heapSlot = slot;
    }
}
