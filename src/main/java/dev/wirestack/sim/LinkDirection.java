package dev.wirestack.sim;

import dev.wirestack.wire.EthernetFcs;

import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Layer;
import java.util.SplittableRandom;

/**
 * One direction of a full-duplex link: a drop-tail queue in front of a wire of some bandwidth and delay, with its own
 * seeded impairments. The two directions of a link share nothing.
 *
 * <p>The queue is kept lazily: a frame's start of transmission is known when it is accepted (the wire is busy until
 * {@code busyUntil}), so the queue only records the start times of frames still waiting and forgets those whose time
 * has come. Nothing is scheduled for "transmission finished"; arrivals wait in {@link FramesOnWire}, in order.
 *
 * <p>Order of fates: a frame that finds the queue full is dropped (QUEUE_FULL, traced at the sender's port). An
 * accepted frame takes its time on the wire even if it is then lost (LINK_LOSS, traced at the sender's port) or
 * corrupted (dropped as BAD_FCS at the receiver's port). A duplicate is an extra copy arriving with the original,
 * taking no extra bandwidth, and meets loss, corruption and reordering on its own.
 *
 * <p>Each array on the link has one owner: a duplicate or a corrupted copy is an array of its own. Once the link is
 * done with an array (lost, dropped, replaced by a corrupted copy, or delivered to a node that does not keep frames)
 * it is given back to the sending node, which may write a later frame into it ({@link SimNode#release}).
 */
public final class LinkDirection {
    /** The FCS carried beside a frame on a link that cannot corrupt it: never computed, never checked. */
    private static final int NO_FCS = 0;

    private final LinkSpec spec;
    private final SplittableRandom random;
    private final Scheduler scheduler;
    private final Tracer tracer;
    private final SimNode from;
    private final int fromPort;
    private final SimNode to;
    private final int toPort;
    private final LinkCounters counters = new LinkCounters();
    /** Frames that arrive in the order they were sent: all but the reordered ones, which are events of their own. */
    private final FramesOnWire wire;

    private long busyUntil;
    /** Ring of frames accepted but not yet on the wire: when each starts, and its length. */
    private long[] waitingStarts = new long[16];
    private int[] waitingLengths = new int[16];
    private int waitingHead;
    private int waitingCount;
    private long waitingBytes;

    LinkDirection(LinkSpec spec, SplittableRandom random, Scheduler scheduler, Tracer tracer, SimNode from,
                  int fromPort, SimNode to, int toPort) {
        this.spec = spec;
        this.random = random;
        this.scheduler = scheduler;
        this.tracer = tracer;
        this.from = from;
        this.fromPort = fromPort;
        this.to = to;
        this.toPort = toPort;
        this.wire = new FramesOnWire(scheduler, this::arrive);
    }

    public LinkSpec spec() {
        return spec;
    }

    public LinkCounters counters() {
        return counters;
    }

    /** Frames waiting for the wire at the scheduler's current time (the one being sent not included). */
    public int queuedFrames() {
        forgetStarted(scheduler.now());
        return waitingCount;
    }

    @Override
    public String toString() {
        return from.name() + ":" + fromPort + " -> " + to.name() + ":" + toPort;
    }

    /** The sending node put {@code frame} on this direction at {@code now}; the link now owns the array. */
    void send(long now, byte[] frame) {
        counters.framesSent++;
        counters.bytesSent += frame.length;
        forgetStarted(now);
        long start = Math.max(now, busyUntil);
        if (start > now) {
            // The wire is busy: the frame must wait, if the queue has room for it.
            if (waitingCount >= spec.queuePackets() || waitingBytes + frame.length > spec.queueBytes()) {
                counters.droppedQueueFull++;
                traceDrop(now, from, fromPort, DropReason.QUEUE_FULL);
                from.release(frame);
                return;
            }
            addWaiting(start, frame.length);
        }
        busyUntil = start + spec.serialisationNanos(frame.length);
        long arrival = busyUntil + spec.delayNanos();
        // The FCS only matters when something can flip a bit on the way; on a link without corruption it would
        // always match, so the CRC (two passes over every frame) is skipped there.
        int fcs = spec.corruption() > 0 ? EthernetFcs.of(frame) : NO_FCS;
        // The duplicate is copied before the original meets its fate: a lost original goes back to its sender.
        byte[] duplicate = chance(spec.duplication()) ? frame.clone() : null;
        launch(now, frame, fcs, arrival);
        if (duplicate != null) {
            counters.duplicated++;
            launch(now, duplicate, fcs, arrival);
        }
    }

    /** One copy of a frame goes down the wire, meeting loss, corruption and reordering independently. */
    private void launch(long now, byte[] frame, int fcs, long arrival) {
        if (chance(spec.loss())) {
            counters.droppedLoss++;
            traceDrop(now, from, fromPort, DropReason.LINK_LOSS);
            from.release(frame);
            return;
        }
        byte[] carried = frame;
        int carriedFcs = fcs;
        if (chance(spec.corruption())) {
            counters.corrupted++;
            long bit = random.nextLong(frame.length * 8L + EthernetFcs.LENGTH * 8);
            if (bit < frame.length * 8L) {
                // Copy: the sender's trace event holds the original bytes.
                carried = frame.clone();
                carried[(int) (bit >>> 3)] ^= (byte) (1 << (bit & 7));
                from.release(frame);
            } else {
                carriedFcs ^= 1 << (bit - frame.length * 8L);
            }
        }
        if (chance(spec.reorder())) {
            counters.reordered++;
            scheduler.schedule(new Arrival(this, carried, carriedFcs), arrival + spec.reorderDelayNanos());
        } else {
            wire.add(carried, carriedFcs, arrival);
        }
    }

    private void arrive(long now, byte[] frame, int fcs) {
        // The receiving interface checks the FCS and silently discards a bad frame (IEEE 802.3 clause 4.2.4.1.2).
        if (spec.corruption() > 0 && EthernetFcs.of(frame) != fcs) {
            counters.droppedBadFcs++;
            traceDrop(now, to, toPort, DropReason.BAD_FCS);
            from.release(frame);
            return;
        }
        counters.framesDelivered++;
        counters.bytesDelivered += frame.length;
        to.receive(now, toPort, frame);
        if (!to.keepsReceivedFrames()) {
            from.release(frame);
        }
    }

    private boolean chance(double probability) {
        // No draw for an impairment that is off: a perfect link consumes no randomness.
        return probability > 0 && random.nextDouble() < probability;
    }

    private void traceDrop(long now, SimNode node, int port, DropReason reason) {
        if (tracer != Tracer.NONE) {
            tracer.emit(new TraceEvent.Dropped(now, node.name(), port, Layer.ETHERNET, reason, "link " + this));
        }
    }

    private void forgetStarted(long now) {
        while (waitingCount > 0 && waitingStarts[waitingHead] <= now) {
            waitingBytes -= waitingLengths[waitingHead];
            waitingHead = (waitingHead + 1) % waitingStarts.length;
            waitingCount--;
        }
    }

    private void addWaiting(long start, int length) {
        if (waitingCount == waitingStarts.length) {
            // Unroll the ring into arrays twice as long; the queue limit bounds how far this grows.
            long[] starts = new long[waitingCount * 2];
            int[] lengths = new int[waitingCount * 2];
            for (int i = 0; i < waitingCount; i++) {
                starts[i] = waitingStarts[(waitingHead + i) % waitingCount];
                lengths[i] = waitingLengths[(waitingHead + i) % waitingCount];
            }
            waitingStarts = starts;
            waitingLengths = lengths;
            waitingHead = 0;
        }
        int tail = (waitingHead + waitingCount) % waitingStarts.length;
        waitingStarts[tail] = start;
        waitingLengths[tail] = length;
        waitingCount++;
        waitingBytes += length;
    }

    /** A reordered frame reaching the far end of the wire, later than the frames sent after it. */
    private static final class Arrival extends Scheduler.Event {
        private final LinkDirection direction;
        private final byte[] frame;
        private final int fcs;

        Arrival(LinkDirection direction, byte[] frame, int fcs) {
            this.direction = direction;
            this.frame = frame;
            this.fcs = fcs;
        }

        @Override
        void fire(long nowNanos) {
            direction.arrive(nowNanos, frame, fcs);
        }
    }
}
