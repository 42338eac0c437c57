package dev.wirestack.http.codec;

import java.util.Arrays;

/**
 * The bytes received and not yet turned into events. Offsets are relative to the first unread byte. It holds at most
 * what one head (bounded by {@link HttpLimits}) or one read from the transport needs: bodies leave as soon as they
 * arrive.
 */
final class ReceiveBuffer {
    private byte[] bytes = new byte[512];
    private int start;
    private int end;

    void append(byte[] data, int offset, int length) {
        if (end + length > bytes.length) {
            int size = size();
            if (size + length > bytes.length) {
                bytes = Arrays.copyOfRange(bytes, start, start + Math.max(bytes.length * 2, size + length));
            } else {
                System.arraycopy(bytes, start, bytes, 0, size);
            }
            start = 0;
            end = size;
        }
        System.arraycopy(data, offset, bytes, end, length);
        end += length;
    }

    int size() {
        return end - start;
    }

    boolean isEmpty() {
        return start == end;
    }

    int get(int index) {
        return bytes[start + index] & 0xff;
    }

    /** The index of the first {@code value} at or after {@code from}, or -1. */
    int indexOf(byte value, int from) {
        for (int i = start + from; i < end; i++) {
            if (bytes[i] == value) {
                return i - start;
            }
        }
        return -1;
    }

    byte[] take(int count) {
        byte[] taken = Arrays.copyOfRange(bytes, start, start + count);
        skip(count);
        return taken;
    }

    void skip(int count) {
        start += count;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }
}
