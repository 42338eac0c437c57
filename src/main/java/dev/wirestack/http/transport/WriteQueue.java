package dev.wirestack.http.transport;

/**
 * Bytes waiting for a {@link Connection} to take them, in order, across short writes. What is added between two
 * flushes goes out in one write: a response's head, body and end (and several pipelined responses) leave in one
 * system call and, with TCP_NODELAY, one segment, instead of one each.
 *
 * <p>The bytes are copied into one buffer, so its size is what was added and not yet written; callers bound that
 * (the server pulls a body only while less than a chunk waits). A buffer grown for a large write is given back once
 * it drains.
 */
public final class WriteQueue {
    private static final int INITIAL_CAPACITY = 4096;
    /** Larger than this, an empty buffer is replaced by a small one: one big body must not pin its memory. */
    private static final int KEPT_CAPACITY = 65536;

    private final Connection connection;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int start;
    private int end;

    public WriteQueue(Connection connection) {
        this.connection = connection;
    }

    public void add(byte[] bytes) {
        add(bytes, 0, bytes.length);
    }

    public void add(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (end + length > buffer.length) {
            // Move what waits to the front, into a larger array if it must grow.
            int waiting = size();
            byte[] into = waiting + length <= buffer.length ? buffer
                    : new byte[Math.max(buffer.length * 2, waiting + length)];
            System.arraycopy(buffer, start, into, 0, waiting);
            buffer = into;
            start = 0;
            end = waiting;
        }
        System.arraycopy(bytes, offset, buffer, end, length);
        end += length;
    }

    /** Writes as much as the connection takes, in one write; true when everything queued is written. */
    public boolean flush() {
        if (start == end) {
            return true;
        }
        int written = Math.max(0, connection.write(buffer, start, end - start));
        start += written;
        if (start < end) {
            return false;
        }
        start = 0;
        end = 0;
        if (buffer.length > KEPT_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
        return true;
    }

    /** Bytes added and not yet written. */
    public int size() {
        return end - start;
    }

    public boolean isEmpty() {
        return start == end;
    }
}
