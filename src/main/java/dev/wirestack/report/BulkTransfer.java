package dev.wirestack.report;

import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.wire.Ipv4Address;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One bulk transfer as two applications would do it with the non-blocking socket API: the client connects, writes
 * {@code size} seeded random bytes as fast as its send buffer takes them, and half-closes; the server reads and
 * hashes everything and closes when it reads the end of the stream; the client closes when it reads the server's end.
 * Notes the virtual time of each milestone (-1 until it happens). The server's reading can be held back
 * ({@link #holdReading}), so that its receive window fills and closes.
 */
public final class BulkTransfer {
    private final byte[] data;
    private final byte[] expectedSha256;
    private final MessageDigest received = sha256();
    private final LongSupplier clock;
    private final TcpListener listener;
    private final TcpSocket client;
    private byte[] receivedSha256;
    private int written;
    private long receivedBytes;

    final long startedAt;
    long establishedAt = -1;
    long lastByteAt = -1;
    long serverSawEndAt = -1;
    long serverClosedAt = -1;
    long clientClosedAt = -1;
    TcpError clientError;
    TcpError serverError;
    private boolean serverSawEnd;
    private boolean clientSawEnd;
    private boolean readingHeld;
    private TcpSocket server;

    public BulkTransfer(Host clientHost, Host serverHost, Ipv4Address serverAddress, int port, int size, long seed,
                 TcpConfig config, LongSupplier clock) {
        this.clock = clock;
        this.data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        this.expectedSha256 = sha256().digest(data);
        this.startedAt = clock.getAsLong();
        this.listener = serverHost.tcpListen(Ipv4Address.ANY, port, 8, 8, config).onAccept(this::accepted);
        this.client = clientHost.tcpConnect(serverAddress, port, config);
        client.onConnected(socket -> establishedAt = clock.getAsLong())
                .onWritable(this::writeMore)
                .onReadable(this::clientRead)
                .onClosed((socket, error) -> {
                    clientClosedAt = clock.getAsLong();
                    clientError = error;
                });
        writeMore(client);
    }

    private void accepted(TcpSocket socket) {
        listener.close(); // one connection is all this transfer takes
        server = socket;
        socket.onReadable(this::serverRead).onClosed((s, error) -> {
            serverClosedAt = clock.getAsLong();
            serverError = error;
        });
    }

    private void writeMore(TcpSocket socket) {
        while (written < data.length) {
            int n = socket.write(data, written, data.length - written);
            if (n == 0) {
                return;
            }
            written += n;
            if (written == data.length) {
                socket.shutdownOutput();
            }
        }
    }

    /** While held, the server application reads nothing: the data waits in its receive buffer. */
    public void holdReading(boolean hold) {
        readingHeld = hold;
        if (!hold && server != null) {
            serverRead(server);
        }
    }

    private void serverRead(TcpSocket socket) {
        if (readingHeld) {
            return;
        }
        byte[] buffer = new byte[16384];
        int n;
        while ((n = socket.read(buffer)) > 0) {
            received.update(buffer, 0, n);
            receivedBytes += n;
            if (receivedBytes == data.length) {
                lastByteAt = clock.getAsLong();
            }
        }
        if (n < 0 && !serverSawEnd) {
            serverSawEnd = true;
            serverSawEndAt = clock.getAsLong();
            receivedSha256 = received.digest();
            socket.close();
        }
    }

    private void clientRead(TcpSocket socket) {
        byte[] buffer = new byte[512];
        int n;
        do {
            n = socket.read(buffer); // the server sends nothing but its FIN
        } while (n > 0);
        if (n < 0 && !clientSawEnd) {
            clientSawEnd = true;
            socket.close();
        }
    }

    public TcpSocket client() {
        return client;
    }

    public int size() {
        return data.length;
    }

    public long receivedBytes() {
        return receivedBytes;
    }

    /** When the client connected (-1: not yet). */
    public long establishedAt() {
        return establishedAt;
    }

    /** When the server read the last byte (-1: not yet). */
    public long lastByteAt() {
        return lastByteAt;
    }

    public long startedAt() {
        return startedAt;
    }

    /** Why the client's or else the server's side failed; null if neither did. */
    public TcpError error() {
        return clientError != null ? clientError : serverError;
    }

    /** Both sides closed (or failed). */
    public boolean finished() {
        return clientClosedAt >= 0 && serverClosedAt >= 0;
    }

    /** Every byte arrived, in order, unchanged (by SHA-256), and both sides closed without error. */
    public boolean intact() {
        return finished() && clientError == null && serverError == null && receivedBytes == data.length
                && Arrays.equals(receivedSha256, expectedSha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
