package dev.wirestack.tcp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Storage of bounded size addressed by 64-bit stream offsets: offset {@code o} lives at {@code o mod size}. The owner
 * keeps track of which offsets are live; this class only copies, splitting a copy where it wraps.
 *
 * <p>The storage is allocated on demand: none until the first write, then doubling (from {@link #FIRST_SIZE}) up to
 * {@code capacity} as the live span grows, so an idle connection holds no buffer memory (as Linux allocates socket
 * buffers per packet, not per socket). Growing re-places the live bytes, since their positions depend on the size.
 */
final class ByteRing {
    /** The first allocation: a few segments' worth, so a short exchange grows the storage once or not at all. */
    static final int FIRST_SIZE = 4096;
    private static final MemorySegment NONE = MemorySegment.ofArray(new byte[0]);

    private final int capacity;
    private MemorySegment storage = NONE;
    private int size;

    ByteRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The most bytes the ring may ever hold. */
    int capacity() {
        return capacity;
    }

    /** The bytes allocated now. */
    int allocated() {
        return size;
    }

    /**
     * Copies {@code length} bytes of {@code src} from {@code srcOffset} to stream offsets {@code offset...}.
     * {@code liveStart} is the first offset the owner still needs: the storage grows to hold
     * [{@code liveStart}, {@code offset + length}), which must span at most {@link #capacity()} bytes.
     */
    void write(long liveStart, long offset, MemorySegment src, long srcOffset, long length) {
        if (length == 0) {
            return;
        }
        long span = offset + length - liveStart;
        if (span > size) {
            grow(liveStart, span);
        }
        int position = position(offset);
        long firstPart = Math.min(length, size - position);
        MemorySegment.copy(src, srcOffset, storage, position, firstPart);
        MemorySegment.copy(src, srcOffset + firstPart, storage, 0, length - firstPart);
    }

    /** Copies the {@code length} bytes at stream offsets {@code offset...} to {@code dst} from {@code dstOffset}. */
    void read(long offset, MemorySegment dst, long dstOffset, long length) {
        if (length == 0) {
            return;
        }
        int position = position(offset);
        long firstPart = Math.min(length, size - position);
        MemorySegment.copy(storage, position, dst, dstOffset, firstPart);
        MemorySegment.copy(storage, 0, dst, dstOffset + firstPart, length - firstPart);
    }

    /** Copies the {@code length} bytes at stream offsets {@code offset...} into {@code dst} from {@code dstIndex}. */
    void read(long offset, byte[] dst, int dstIndex, int length) {
        if (length == 0) {
            return;
        }
        int position = position(offset);
        int firstPart = (int) Math.min(length, size - position);
        MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, position, dst, dstIndex, firstPart);
        MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, 0, dst, dstIndex + firstPart, length - firstPart);
    }

    /** Doubles the storage until it holds {@code span} bytes, moving the bytes of [liveStart, liveStart + size). */
    private void grow(long liveStart, long span) {
        if (span > capacity) {
            throw new IllegalArgumentException("a span of " + span + " bytes exceeds the capacity " + capacity);
        }
        long newSize = Math.max(FIRST_SIZE, size);
        while (newSize < span) {
            newSize *= 2;
        }
        newSize = Math.min(newSize, capacity);
        MemorySegment old = storage;
        int oldSize = size;
        storage = MemorySegment.ofArray(new byte[(int) newSize]);
        size = (int) newSize;
        if (oldSize > 0) {
            int oldPosition = (int) Math.floorMod(liveStart, (long) oldSize);
            MemorySegment tail = old.asSlice(oldPosition, oldSize - oldPosition);
            write(liveStart, liveStart, tail, 0, tail.byteSize());
            write(liveStart, liveStart + tail.byteSize(), old, 0, oldPosition);
        }
    }

    private int position(long offset) {
        return (int) Math.floorMod(offset, (long) size);
    }
}
