package dev.wirestack.stack;

import java.util.Arrays;

/**
 * Frame arrays a host's driver gave back ({@link Host#reuseFrame}), kept for the next frames of the same length. A
 * new array per frame sent was most of the bytes a bulk transfer allocated, and writing into fresh memory (zeroed,
 * then touched for the first time) its largest cost; a frame written into an array that went out a round trip ago
 * finds it in the cache.
 *
 * <p>A frame's length is its array's length (the {@link dev.wirestack.link.NetworkNode} contract), so arrays are
 * kept by exact length: a few lengths at a time (a bulk transfer sends full-sized data frames), the least recently
 * used length making way for a new one, and at most {@link #BYTES_PER_LENGTH} bytes of each. Frames shorter than
 * {@link #MIN_LENGTH} (ACKs, handshakes) are not kept: a new one costs little, and a burst of handshakes would
 * otherwise leave thousands of them behind. A taken array holds whatever the last frame left in it: the caller writes
 * every byte.
 */
final class FramePool {
    /** The shortest frame kept. */
    static final int MIN_LENGTH = 512;
    /** Lengths kept at once. */
    private static final int LENGTHS = 4;
    /**
     * Bytes kept per length: more than a 1 Gbit/s, 1 ms link has in flight one way (about 120 KB), which is how long
     * an array is away before it comes back, and a few of the largest (64 KiB) frames.
     */
    static final int BYTES_PER_LENGTH = 256 << 10;

    private final int[] lengths = new int[LENGTHS];
    private final byte[][][] stacks = new byte[LENGTHS][][];
    private final int[] counts = new int[LENGTHS];
    private final long[] lastUse = new long[LENGTHS];
    private long uses;

    FramePool() {
        Arrays.fill(lengths, -1);
        Arrays.fill(stacks, new byte[0][]);
    }

    /** An array of exactly {@code length} bytes: one given back earlier (its old bytes still in it), or a new one. */
    byte[] take(int length) {
        for (int i = 0; i < LENGTHS; i++) {
            if (lengths[i] == length && counts[i] > 0) {
                lastUse[i] = ++uses;
                byte[][] stack = stacks[i];
                int top = --counts[i];
                byte[] frame = stack[top];
                stack[top] = null;
                return frame;
            }
        }
        return new byte[length];
    }

    /** Keeps {@code frame} for a later {@link #take}, if its length has room; the caller no longer refers to it. */
    void give(byte[] frame) {
        if (frame.length < MIN_LENGTH) {
            return;
        }
        int slot = slotFor(frame.length);
        int capacity = Math.max(1, BYTES_PER_LENGTH / frame.length);
        int count = counts[slot];
        if (count == capacity) {
            return;
        }
        byte[][] stack = stacks[slot];
        if (count == stack.length) {
            stack = Arrays.copyOf(stack, Math.min(capacity, Math.max(8, count * 2)));
            stacks[slot] = stack;
        }
        stack[count] = frame;
        counts[slot] = count + 1;
        lastUse[slot] = ++uses;
    }

    /** Arrays kept now, for tests. */
    int kept() {
        int kept = 0;
        for (int count : counts) {
            kept += count;
        }
        return kept;
    }

    /** The slot of {@code length}: its own, else an empty one, else the least recently used one, emptied. */
    private int slotFor(int length) {
        int oldest = 0;
        for (int i = 0; i < LENGTHS; i++) {
            if (lengths[i] == length) {
                return i;
            }
            if (lastUse[i] < lastUse[oldest]) {
                oldest = i;
            }
        }
        for (int i = 0; i < LENGTHS; i++) {
            if (counts[i] == 0) {
                return claim(i, length);
            }
        }
        return claim(oldest, length);
    }

    private int claim(int slot, int length) {
        Arrays.fill(stacks[slot], 0, counts[slot], null);
        counts[slot] = 0;
        lengths[slot] = length;
        return slot;
    }
}
