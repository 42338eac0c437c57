package dev.wirestack.sim;

/**
 * The frames travelling down one link direction in the order they will arrive, with only the first of them in the
 * scheduler's heap. Frames that are not held back arrive in the order they were sent (the wire serialises them and
 * the delay is the same for all), so a queue is enough for them: the heap stays a few events deep instead of holding
 * every frame in flight (thousands over a long fat link), and each frame costs a queue slot instead of a heap
 * insertion and removal over scattered events.
 *
 * <p>Each frame keeps the tie-break rank {@link Scheduler#reserveOrder} gave it when it was sent, so events run in
 * exactly the order they would run if every frame were its own event.
 */
final class FramesOnWire extends Scheduler.Event {
    /** What takes a frame when it arrives. */
    @FunctionalInterface
    interface Receiver {
        void arrive(long now, byte[] frame, int fcs);
    }

    private final Scheduler scheduler;
    private final Receiver receiver;
    private byte[][] frames = new byte[16][];
    private int[] fcs = new int[16];
    private long[] arrivals = new long[16];
    private long[] orders = new long[16];
    private int head;
    private int count;

    FramesOnWire(Scheduler scheduler, Receiver receiver) {
        this.scheduler = scheduler;
        this.receiver = receiver;
    }

    /**
     * Puts a frame on the wire, due at {@code arrival}: never before the frame sent before it (the caller sends
     * frames that are held back some other way).
     */
    void add(byte[] frame, int frameFcs, long arrival) {
        long order = scheduler.reserveOrder();
        if (count > 0 && arrival < arrivals[(head + count - 1) & (frames.length - 1)]) {
            throw new IllegalArgumentException("frames on a wire arrive in order: " + arrival + " ns is too early");
        }
        if (count == frames.length) {
            grow();
        }
        int tail = (head + count) & (frames.length - 1);
        frames[tail] = frame;
        fcs[tail] = frameFcs;
        arrivals[tail] = arrival;
        orders[tail] = order;
        count++;
        if (count == 1) {
            scheduler.schedule(this, arrival, order);
        }
    }

    /** The first frame arrives; the next one, if any, becomes the scheduled event. */
    @Override
    void fire(long nowNanos) {
        byte[] frame = frames[head];
        int frameFcs = fcs[head];
        frames[head] = null;
        head = (head + 1) & (frames.length - 1);
        count--;
        if (count > 0) {
            scheduler.schedule(this, arrivals[head], orders[head]);
        }
        receiver.arrive(nowNanos, frame, frameFcs);
    }

    /** Unrolls the ring into arrays twice as long (a power of two, for the masks above). */
    private void grow() {
        int length = frames.length * 2;
        byte[][] newFrames = new byte[length][];
        int[] newFcs = new int[length];
        long[] newArrivals = new long[length];
        long[] newOrders = new long[length];
        for (int i = 0; i < count; i++) {
            int from = (head + i) & (frames.length - 1);
            newFrames[i] = frames[from];
            newFcs[i] = fcs[from];
            newArrivals[i] = arrivals[from];
            newOrders[i] = orders[from];
        }
        frames = newFrames;
        fcs = newFcs;
        arrivals = newArrivals;
        orders = newOrders;
        head = 0;
    }
}
