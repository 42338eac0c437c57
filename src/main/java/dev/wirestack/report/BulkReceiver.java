package dev.wirestack.report;

import dev.wirestack.stack.TcpSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongSupplier;

/**
 * The server application of a {@link BulkTransfer}: reads and hashes (SHA-256) everything that arrives, notes when
 * (-1 until it happens) and the longest wait for new bytes, and closes its socket when it reads the end of the stream.
 */
final class BulkReceiver {
    private static final int READ_CHUNK = 16384;

    private final MessageDigest digest = sha256();
    private final long expectedBytes;
    private final LongSupplier clock;
    private TcpSocket socket;
    private boolean held;
    private long receivedBytes;
    private byte[] receivedSha256;
    private long lastByteAt = -1;
    private long sawEndAt = -1;
    /** When new bytes last arrived (or the wait for them began), and the longest wait for new bytes since. */
    private long lastProgressAt;
    private long longestStallNanos;

    BulkReceiver(long expectedBytes, LongSupplier clock) {
        this.expectedBytes = expectedBytes;
        this.clock = clock;
        this.lastProgressAt = clock.getAsLong();
    }

    /** Starts reading from the accepted connection. */
    void attach(TcpSocket accepted) {
        socket = accepted;
        accepted.onReadable(s -> read());
    }

    /** Stalls are measured from now on (when the connection is established, the first bytes can come). */
    void waitFromNow() {
        lastProgressAt = clock.getAsLong();
    }

    void hold(boolean hold) {
        held = hold;
        if (!hold && socket != null) {
            read();
        }
    }

    private void read() {
        if (held) {
            return;
        }
        byte[] buffer = new byte[READ_CHUNK];
        int n;
        while ((n = socket.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
            receivedBytes += n;
            long now = clock.getAsLong();
            longestStallNanos = Math.max(longestStallNanos, now - lastProgressAt);
            lastProgressAt = now;
            if (receivedBytes == expectedBytes) {
                lastByteAt = now;
            }
        }
        if (n < 0 && sawEndAt < 0) {
            sawEndAt = clock.getAsLong();
            receivedSha256 = digest.digest();
            socket.close();
        }
    }

    TcpSocket socket() {
        return socket;
    }

    long receivedBytes() {
        return receivedBytes;
    }

    /** Null until the end of the stream is read. */
    byte[] receivedSha256() {
        return receivedSha256 == null ? null : receivedSha256.clone();
    }

    long lastByteAt() {
        return lastByteAt;
    }

    long sawEndAt() {
        return sawEndAt;
    }

    long longestStallNanos() {
        return longestStallNanos;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
