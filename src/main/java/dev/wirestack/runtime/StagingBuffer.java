package dev.wirestack.runtime;

/**
 * A fixed-size byte ring between an application thread and the loop thread (the caller holds the lock that guards
 * it). Besides copying in and out, it exposes its free and its readable space as contiguous runs of its array, so
 * that a socket can read into it and write from it without an extra copy.
 */
final class StagingBuffer {
    private final byte[] bytes;
    private int head;
    private int size;

    StagingBuffer(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.bytes = new byte[capacity];
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    int free() {
        return bytes.length - size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int capacity() {
        return bytes.length;
    }

    /** Where the next byte put in goes. */
    int writePosition() {
        return (head + size) % bytes.length;
    }

    /** Free bytes from {@link #writePosition} on, without wrapping. */
    int contiguousFree() {
        return Math.min(free(), bytes.length - writePosition());
    }

    /** {@code n} bytes were written in place from {@link #writePosition}. */
    void commitWrite(int n) {
        if (n < 0 || n > contiguousFree()) {
            throw new IllegalArgumentException("committed " + n + " of " + contiguousFree() + " free bytes");
        }
        size += n;
    }

    /** Where the next byte taken out comes from. */
    int readPosition() {
        return head;
    }

    /** Readable bytes from {@link #readPosition} on, without wrapping. */
    int contiguousReadable() {
        return Math.min(size, bytes.length - head);
    }

    /** {@code n} bytes were consumed in place from {@link #readPosition}. */
    void commitRead(int n) {
        if (n < 0 || n > contiguousReadable()) {
            throw new IllegalArgumentException("consumed " + n + " of " + contiguousReadable() + " readable bytes");
        }
        size -= n;
        head = size == 0 ? 0 : (head + n) % bytes.length;
    }

    /** Copies in as much of {@code src[offset, offset + length)} as fits; returns how much. */
    int put(byte[] src, int offset, int length) {
        int total = 0;
        while (total < length && free() > 0) {
            int n = Math.min(length - total, contiguousFree());
            System.arraycopy(src, offset + total, bytes, writePosition(), n);
            commitWrite(n);
            total += n;
        }
        return total;
    }

    /** Copies out up to {@code length} bytes into {@code dst} from {@code offset}; returns how many. */
    int take(byte[] dst, int offset, int length) {
        int total = 0;
        while (total < length && size > 0) {
            int n = Math.min(length - total, contiguousReadable());
            System.arraycopy(bytes, head, dst, offset + total, n);
            commitRead(n);
            total += n;
        }
        return total;
    }
}
