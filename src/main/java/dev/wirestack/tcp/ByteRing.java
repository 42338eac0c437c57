package dev.wirestack.tcp;

import java.lang.foreign.MemorySegment;

/**
 * Fixed-size storage addressed by 64-bit stream offsets: offset {@code o} lives at {@code o mod capacity}. The owner
 * keeps track of which offsets are live; this class only copies, splitting a copy where it wraps.
 */
final class ByteRing {
    private final MemorySegment storage;
    private final int capacity;

    ByteRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.storage = MemorySegment.ofArray(new byte[capacity]);
    }

    int capacity() {
        return capacity;
    }

    /** Copies {@code length} bytes of {@code src} from {@code srcOffset} to stream offsets {@code offset...}. */
    void write(long offset, MemorySegment src, long srcOffset, long length) {
        int position = position(offset);
        long firstPart = Math.min(length, capacity - position);
        MemorySegment.copy(src, srcOffset, storage, position, firstPart);
        MemorySegment.copy(src, srcOffset + firstPart, storage, 0, length - firstPart);
    }

    /** Copies the {@code length} bytes at stream offsets {@code offset...} to {@code dst} from {@code dstOffset}. */
    void read(long offset, MemorySegment dst, long dstOffset, long length) {
        int position = position(offset);
        long firstPart = Math.min(length, capacity - position);
        MemorySegment.copy(storage, position, dst, dstOffset, firstPart);
        MemorySegment.copy(storage, 0, dst, dstOffset + firstPart, length - firstPart);
    }

    private int position(long offset) {
        return (int) Math.floorMod(offset, (long) capacity);
    }
}
