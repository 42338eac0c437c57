package dev.wirestack.http.server;

import java.util.Arrays;

/** A {@link Body} over an array it owns (nobody else writes to it), read from the start, once. */
final class ArrayBody implements Body {
    private final byte[] bytes;
    private int position;

    ArrayBody(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public long length() {
        return bytes.length;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (position == bytes.length) {
            return -1;
        }
        int count = Math.min(length, bytes.length - position);
        System.arraycopy(bytes, position, into, offset, count);
        position += count;
        return count;
    }

    /** The whole body, for a server to send at once, when none of it has been read yet; else null. */
    byte[] unread() {
        return position == 0 ? bytes : null;
    }

    @Override
    public String toString() {
        return "Body[" + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 16))) + "...]";
    }
}
