package dev.wirestack.runtime;

import java.io.IOException;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A {@link FrameDevice} that impairs the frames crossing another one, in both directions ({@link Impairment}: loss,
 * delay, reordering, duplication, seeded). On a TAP, the kernel's TCP then meets the losses too, as it would on a
 * bad link: the machines these tests run on have no netem qdisc to do it in the kernel.
 *
 * <p>Delayed frames wait in a queue per direction, bounded at {@value #MAX_HELD_FRAMES} frames (beyond that they are
 * dropped, as a full router queue would). Frames to the wire leave when the loop next calls {@link #receive},
 * {@link #send} or {@link #await}; {@link #await} never sleeps past the next one due, in either direction.
 * Like every device, it is used by the loop thread only (but {@link #wakeUp}).
 */
public final class FaultInjector implements FrameDevice {
    static final int MAX_HELD_FRAMES = 16_384;
    /** Frames read from the inner device per call, so that a flood cannot keep the loop in here. */
    private static final int READ_BATCH = 64;
    private static final long MIN_REORDER_HOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final FrameDevice inner;
    private final Impairment impairment;
    private final LongSupplier clock;
    private final Direction inbound;
    private final Direction outbound;

    /** Impairs what crosses {@code inner}; {@code clock} gives nanoseconds (monotonic) for the delays. */
    public FaultInjector(FrameDevice inner, Impairment impairment, LongSupplier clock) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.impairment = Objects.requireNonNull(impairment, "impairment");
        this.clock = Objects.requireNonNull(clock, "clock");
        SplittableRandom seeds = new SplittableRandom(impairment.seed());
        this.inbound = new Direction(seeds.split());
        this.outbound = new Direction(seeds.split());
    }

    @Override
    public byte[] receive() throws IOException {
        long now = clock.getAsLong();
        sendDue(now);
        byte[] frame;
        for (int i = 0; i < READ_BATCH && (frame = inner.receive()) != null; i++) {
            inbound.offer(frame, now);
        }
        return inbound.pollDue(now);
    }

    @Override
    public void send(byte[] frame) throws IOException {
        long now = clock.getAsLong();
        outbound.offer(frame, now);
        sendDue(now);
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        long now = clock.getAsLong();
        sendDue(now);
        long wake = Math.min(inbound.nextDue(), outbound.nextDue());
        long wait = wake == Long.MAX_VALUE ? timeoutNanos : Math.min(timeoutNanos, wake - now);
        if (wait > 0) {
            inner.await(wait);
        }
        sendDue(clock.getAsLong());
    }

    @Override
    public void wakeUp() {
        inner.wakeUp();
    }

    /**
     * Sends the outbound frames still held (delayed, not lost: on a wire they would still arrive after the sender
     * stopped; the last ACK of a close is often among them), then closes the device.
     */
    @Override
    public void close() {
        try {
            sendDue(Long.MAX_VALUE);
        } catch (IOException e) {
            // the device is going away: what it could not take is lost, as on a wire
        } finally {
            inner.close();
        }
    }

    /** Frames lost on purpose, both directions. */
    public long lost() {
        return inbound.lost + outbound.lost;
    }

    /** Frames sent twice, both directions. */
    public long duplicated() {
        return inbound.duplicated + outbound.duplicated;
    }

    /** Frames held back so that later ones overtake them, both directions. */
    public long reordered() {
        return inbound.reordered + outbound.reordered;
    }

    /** Frames dropped because too many were held already, both directions. */
    public long overflowed() {
        return inbound.overflowed + outbound.overflowed;
    }

    public Impairment impairment() {
        return impairment;
    }

    /** Sends the frames that are due, and flushes them: they leave when due, not in the driver's bursts. */
    private void sendDue(long now) throws IOException {
        byte[] frame;
        boolean sent = false;
        while ((frame = outbound.pollDue(now)) != null) {
            inner.send(frame);
            sent = true;
        }
        if (sent) {
            inner.flush();
        }
    }

    private record Held(long due, long sequence, byte[] frame) {
    }

    /** One direction's decisions and its queue of held frames, in due order (then arrival order). */
    private final class Direction {
        private final SplittableRandom random;
        private final PriorityQueue<Held> held =
                new PriorityQueue<>(Comparator.comparingLong(Held::due).thenComparingLong(Held::sequence));
        private long sequence;
        private long lost;
        private long duplicated;
        private long reordered;
        private long overflowed;

        Direction(SplittableRandom random) {
            this.random = random;
        }

        void offer(byte[] frame, long now) {
            if (impairment.loss() > 0 && random.nextDouble() < impairment.loss()) {
                lost++;
                return;
            }
            long due = now + impairment.delayNanos();
            if (impairment.reorder() > 0 && random.nextDouble() < impairment.reorder()) {
                reordered++;
                due += Math.max(MIN_REORDER_HOLD_NANOS, impairment.delayNanos());
            }
            hold(due, frame);
            if (impairment.duplicate() > 0 && random.nextDouble() < impairment.duplicate()) {
                duplicated++;
                hold(due, frame.clone());
            }
        }

        private void hold(long due, byte[] frame) {
            if (held.size() >= MAX_HELD_FRAMES) {
                overflowed++;
                return;
            }
            held.add(new Held(due, sequence++, frame));
        }

        byte[] pollDue(long now) {
            Held next = held.peek();
            if (next == null || next.due() > now) {
                return null;
            }
            held.poll();
            return next.frame();
        }

        long nextDue() {
            Held next = held.peek();
            return next == null ? Long.MAX_VALUE : next.due();
        }
    }
}
