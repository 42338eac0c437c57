package dev.wirestack.tap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded queue of frames between exactly one producer thread and one consumer thread, without locks and without
 * allocating: a power-of-two array of slots and two counters, each written by one side only (a Lamport queue). The
 * slot a frame occupied is cleared when it is taken, so the ring never keeps a written frame alive.
 *
 * <p>The producer puts frames in, then publishes them together ({@link #publish}), as a NIC driver rings the
 * doorbell once for a burst: the consumer then finds the burst whole and can write it as one.
 */
final class FrameRing {
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(byte[][].class);

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(FrameRing.class, "head", long.class);
            TAIL = lookup.findVarHandle(FrameRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[][] slots;
    private final int mask;
    /** Frames taken so far; written by the consumer only. */
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;
    /** Frames published so far; written by the producer only. */
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    /** Frames put so far, published or not; the producer's alone. */
    private long put;

    /** A ring of {@code capacity} slots, a power of two. */
    FrameRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, at least 2: " + capacity);
        }
        this.slots = new byte[capacity][];
        this.mask = capacity - 1;
    }

    int capacity() {
        return slots.length;
    }

    /**
     * Producer: puts {@code frame} in, unpublished; false, changing nothing, when every slot is taken (published or
     * not: publish, and wait for the consumer).
     */
    boolean offer(byte[] frame) {
        if (put - (long) HEAD.getAcquire(this) == slots.length) {
            return false;
        }
        SLOT.setOpaque(slots, (int) put & mask, frame);
        put++;
        return true;
    }

    /** Producer: how many frames were put in and not yet published. */
    int unpublished() {
        return (int) (put - (long) TAIL.getOpaque(this));
    }

    /** Producer: lets the consumer see every frame put in so far. */
    void publish() {
        // Volatile, not release: the producer's later look at whether the consumer sleeps must not be reordered
        // before it.
        TAIL.setVolatile(this, put);
    }

    /** Consumer: the oldest frame, or null when the ring is empty. */
    byte[] poll() {
        long h = (long) HEAD.getOpaque(this);
        if (h == (long) TAIL.getVolatile(this)) {
            return null;
        }
        int index = (int) h & mask;
        byte[] frame = (byte[]) SLOT.getOpaque(slots, index);
        SLOT.setOpaque(slots, index, null);
        HEAD.setVolatile(this, h + 1);
        return frame;
    }

    /** Consumer: whether no published frame waits. */
    boolean isEmpty() {
        return (long) HEAD.getVolatile(this) == (long) TAIL.getVolatile(this);
    }

    /** Producer: whether every slot is taken, by published frames or not. */
    boolean isFull() {
        return put - (long) HEAD.getVolatile(this) == slots.length;
    }
}
