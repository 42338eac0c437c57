package dev.wirestack.http.transport;

import java.util.ArrayDeque;

/** Bytes waiting for a {@link Connection} to take them, in order, across short writes. */
public final class WriteQueue {
    private final Connection connection;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int offset;

    public WriteQueue(Connection connection) {
        this.connection = connection;
    }

    public void add(byte[] bytes) {
        if (bytes.length > 0) {
            queue.add(bytes);
        }
    }

    /** Writes as much as the connection takes; true when everything queued is written. */
    public boolean flush() {
        byte[] head;
        while ((head = queue.peek()) != null) {
            int remaining = head.length - offset;
            int written = connection.write(head, offset, remaining);
            if (written < remaining) {
                offset += Math.max(0, written);
                return false;
            }
            queue.poll();
            offset = 0;
        }
        return true;
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }
}
