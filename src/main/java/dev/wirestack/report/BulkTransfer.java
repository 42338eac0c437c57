package dev.wirestack.report;

import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.wire.Ipv4Address;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One bulk transfer as two applications would do it with the non-blocking socket API: the client connects, writes
 * {@code size} seeded random bytes as fast as its send buffer takes them, and half-closes; the server
 * ({@link BulkReceiver}) reads and hashes everything and closes when it reads the end of the stream; the client closes
 * when it reads the server's end. Notes the virtual time of each milestone (-1 until it happens). The server's reading
 * can be held back ({@link #holdReading}), so that its receive window fills and closes.
 */
public final class BulkTransfer {
    private final byte[] data;
    private final byte[] expectedSha256;
    private final BulkReceiver receiver;
    private final LongSupplier clock;
    private final String clientName;
    private final TcpListener listener;
    private final TcpSocket client;
    private int written;
    private boolean clientSawEnd;
    private TcpError clientError;
    private TcpError serverError;

    private final long startedAt;
    private long establishedAt = -1;
    private long serverClosedAt = -1;
    private long clientClosedAt = -1;

    /**
     * Starts the transfer from {@code clientHost} to {@code serverAddress}:{@code port} on {@code serverHost}, with
     * {@code config} on both sides; {@code clock} is the network's virtual time, in nanoseconds.
     */
    public BulkTransfer(Host clientHost, Host serverHost, Ipv4Address serverAddress, int port, int size, long seed,
                        TcpConfig config, LongSupplier clock) {
        this.clock = clock;
        this.clientName = clientHost.name();
        this.data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        this.expectedSha256 = BulkReceiver.sha256().digest(data);
        this.startedAt = clock.getAsLong();
        this.receiver = new BulkReceiver(size, clock);
        this.listener = serverHost.tcpListen(Ipv4Address.ANY, port, 8, 8, config).onAccept(this::accepted);
        this.client = clientHost.tcpConnect(serverAddress, port, config);
        client.onConnected(socket -> {
                    establishedAt = clock.getAsLong();
                    receiver.waitFromNow();
                })
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
        receiver.attach(socket);
        socket.onClosed((s, error) -> {
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
        receiver.hold(hold);
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

    /** Whether the client application has handed every byte to its socket. */
    public boolean allWritten() {
        return written == data.length;
    }

    /** The bytes the server application has read so far. */
    public long receivedBytes() {
        return receiver.receivedBytes();
    }

    /** The SHA-256 of the data sent. */
    public byte[] expectedSha256() {
        return expectedSha256.clone();
    }

    /** The SHA-256 of what the server read, once it read the end of the stream (null before). */
    public byte[] receivedSha256() {
        return receiver.receivedSha256();
    }

    /** The longest the server application waited for new bytes after the connection was established. */
    public long longestStallNanos() {
        return receiver.longestStallNanos();
    }

    public long startedAt() {
        return startedAt;
    }

    /** When the client connected (-1: not yet). */
    public long establishedAt() {
        return establishedAt;
    }

    /** When the server read the last byte (-1: not yet). */
    public long lastByteAt() {
        return receiver.lastByteAt();
    }

    /** When the server read the end of the stream (-1: not yet). */
    public long serverSawEndAt() {
        return receiver.sawEndAt();
    }

    public boolean serverSawEnd() {
        return receiver.sawEndAt() >= 0;
    }

    /** When the server's socket closed, cleanly or not (-1: not yet). */
    public long serverClosedAt() {
        return serverClosedAt;
    }

    public boolean serverClosed() {
        return serverClosedAt >= 0;
    }

    /** When the client's socket closed, cleanly (after TIME_WAIT) or not (-1: not yet). */
    public long clientClosedAt() {
        return clientClosedAt;
    }

    public boolean clientClosed() {
        return clientClosedAt >= 0;
    }

    /** Why the client's side failed; null if it did not (or has not yet). */
    public TcpError clientError() {
        return clientError;
    }

    /** Why the server's side failed; null if it did not (or has not yet). */
    public TcpError serverError() {
        return serverError;
    }

    /** Why the client's or else the server's side failed; null if neither did. */
    public TcpError error() {
        return clientError != null ? clientError : serverError;
    }

    /** Both sides closed (or failed). */
    public boolean finished() {
        return clientClosed() && serverClosed();
    }

    /** Every byte arrived, in order, unchanged (by SHA-256), and both sides closed without error. */
    public boolean intact() {
        return finished() && clientError == null && serverError == null && receiver.receivedBytes() == data.length
                && Arrays.equals(receiver.receivedSha256(), expectedSha256);
    }

    /** What each side has done so far, for a failed assertion or a log line. */
    @Override
    public String toString() {
        return "written " + written + "/" + data.length + ", received " + receiver.receivedBytes() + ", client "
                + client + " closed=" + clientClosed() + " error=" + clientError + ", server " + receiver.socket()
                + " closed=" + serverClosed() + " error=" + serverError + " on " + clientName;
    }
}
