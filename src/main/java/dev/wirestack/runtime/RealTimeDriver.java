package dev.wirestack.runtime;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.wire.PcapWriter;
import java.io.IOException;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a sans-I/O {@link NetworkNode} (a Host) on a real {@link FrameDevice} in real time: one platform thread, the
 * event loop, owns the node, so protocol code needs no locks (DESIGN.md, "one thread owns a stack").
 *
 * <p>Each turn of the loop: run the work other threads handed over ({@link #execute}), the driver's own timers
 * ({@link #schedule}) and the node's timers when due, read up to a batch of frames into the node, and after each of
 * these steps (after some frames, not each frame: {@link #DRAIN_BYTES}) drain the node's transmit queue to the device
 * and flush it. Then it sleeps in the device's poll until a frame arrives, the next deadline comes, or
 * {@link #execute} wakes it; after a turn that read frames it first yields the CPU once and reads again
 * ({@link YieldBeforeSleep}), for a peer that shares the core to send its next frames. Time is
 * {@link MonotonicClock#now}, port 0 is the device.
 *
 * <p>The driver owns the device and the capture: it closes both when the loop ends (the capture flushed), whether
 * by {@link #stop} or by a failure, which {@link #failure} then reports.
 */
public final class RealTimeDriver {
    /** The longest sleep without a deadline: a safety net only, as every hand-off wakes the loop. */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Frames read in one go before timers and hand-offs get their turn again. */
    private static final int RECEIVE_BATCH = 64;
    /**
     * Bytes read into the node between drains of its transmit queue. Not one drain per frame: a TCP connection then
     * answers a burst of segments with one ACK, as the kernel does after GRO, which saves many writes (each a costly
     * system call); not one per batch either, or the sender waits long for its window to open.
     */
    private static final int DRAIN_BYTES = 32 * 1024;
    private static final int PORT = 0;

    private record Timer(long deadline, long sequence, Runnable task) {
    }

    private final NetworkNode node;
    private final FrameDevice device;
    private final PcapWriter capture;
    private final MonotonicClock clock = new MonotonicClock();
    private final ConcurrentLinkedQueue<Runnable> handoff = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong(Timer::deadline).thenComparingLong(Timer::sequence));
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread thread;
    private long timerSequence;
    /** After a turn that read frames, one yield before sleeping in the device's poll (see the class). */
    private final YieldBeforeSleep yieldBeforeSleep = new YieldBeforeSleep();
    private boolean lookingAfterYield;
    private volatile boolean running;
    private volatile Throwable failure;

    /**
     * A driver for {@code node} on {@code device}; with a {@code capture}, every frame in and out is written to it
     * (null: no capture). Nothing runs before {@link #start}.
     */
    public RealTimeDriver(NetworkNode node, FrameDevice device, PcapWriter capture) {
        this.node = Objects.requireNonNull(node, "node");
        this.device = Objects.requireNonNull(device, "device");
        this.capture = capture;
        this.thread = Thread.ofPlatform().name("wirestack-loop").unstarted(this::run);
    }

    /** Starts the event loop thread. */
    public void start() {
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalStateException("the driver was already started");
        }
        running = true;
        thread.start();
    }

    /** From any thread: runs {@code task} on the loop thread, soon, in the order handed over. */
    public void execute(Runnable task) {
        handoff.add(Objects.requireNonNull(task, "task"));
        device.wakeUp();
    }

    /** On the loop thread: runs {@code task} on the loop thread once {@code delayNanos} have passed. */
    public void schedule(long delayNanos, Runnable task) {
        requireLoopThread();
        timers.add(new Timer(clock.now() + Math.max(0, delayNanos), timerSequence++, Objects.requireNonNull(task)));
    }

    /** The loop's clock: nanoseconds since the driver was made (the time the node sees). */
    public long now() {
        return clock.now();
    }

    public boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    /**
     * From any thread but the loop's: ends the loop after its current turn and waits until it has closed the device
     * and the capture. Idempotent.
     */
    public void stop() throws InterruptedException {
        if (isLoopThread()) {
            throw new IllegalStateException("stop() waits for the loop thread; from the loop, use requestStop()");
        }
        requestStop();
        if (thread.getState() != Thread.State.NEW) {
            awaitTermination();
        }
    }

    /** From any thread: asks the loop to end after its current turn, without waiting. */
    public void requestStop() {
        running = false;
        device.wakeUp();
    }

    /** Completes when the loop has ended (after {@link #stop}, or a failure) and released the device. */
    public CompletableFuture<Void> terminated() {
        return terminated.copy();
    }

    /** Waits until the loop has ended (after {@link #stop}, or a failure). */
    public void awaitTermination() throws InterruptedException {
        try {
            terminated.get();
        } catch (ExecutionException e) {
            throw new AssertionError("the termination future never fails", e);
        }
    }

    /** Waits until the loop has ended; false when {@code timeout} passed first. */
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            terminated.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new AssertionError("the termination future never fails", e);
        }
    }

    /** Why the loop ended on its own (a device or capture error, or a task that threw), or null. */
    public Throwable failure() {
        return failure;
    }

    // ---- the loop ----------------------------------------------------------------------------------------------

    private void run() {
        try {
            while (running) {
                turn();
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            running = false;
            release();
            terminated.complete(null);
        }
    }

    private void turn() throws IOException {
        Runnable task;
        while ((task = handoff.poll()) != null) {
            task.run();
        }
        long now = clock.now();
        while (!timers.isEmpty() && timers.peek().deadline() <= now) {
            timers.poll().task().run();
        }
        if (node.nextDeadline() <= now) {
            node.onTimeout(now);
        }
        transmit(now);
        int received = 0;
        int undrained = 0;
        byte[] frame;
        while (received < RECEIVE_BATCH && (frame = device.receive()) != null) {
            received++;
            now = clock.now();
            record(now, frame);
            node.receiveFrame(now, PORT, frame);
            undrained += frame.length;
            if (undrained >= DRAIN_BYTES) {
                transmit(now);
                undrained = 0;
            }
        }
        transmit(now);
        if (lookingAfterYield) {
            lookingAfterYield = false;
            yieldBeforeSleep.tried(received > 0);
        }
        if (received == RECEIVE_BATCH || !handoff.isEmpty() || !running) {
            return; // more may be waiting: no sleep
        }
        if (yieldBeforeSleep.shouldTry(received > 0)) {
            Thread.yield();
            lookingAfterYield = true;
            return; // the next turn's reads are the look
        }
        long wake = node.nextDeadline();
        if (!timers.isEmpty()) {
            wake = Math.min(wake, timers.peek().deadline());
        }
        long wait = Math.min(MAX_WAIT_NANOS, wake - clock.now());
        if (wait > 0) {
            device.await(wait);
        }
    }

    private void transmit(long now) throws IOException {
        NetworkNode.Transmission transmission;
        while ((transmission = node.pollTransmit(now)) != null) {
            record(now, transmission.frame());
            device.send(transmission.frame());
        }
        device.flush();
    }

    private void record(long now, byte[] frame) throws IOException {
        if (capture != null) {
            capture.write(clock.epochNanos(now), frame);
        }
    }

    private void release() {
        try {
            if (capture != null) {
                capture.close();
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            device.close();
        }
    }

    private void requireLoopThread() {
        if (!isLoopThread()) {
            throw new IllegalStateException("call this on the loop thread (hand it over with execute)");
        }
    }
}
