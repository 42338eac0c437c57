package dev.wirestack.scenario;

import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.wire.Ipv4Address;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One bulk transfer over TCP, as applications on two simulated hosts would do it with the non-blocking socket API:
 * the client connects, writes {@code data} as fast as the send buffer takes it, then half-closes; the server reads
 * everything, hashing it (SHA-256), and closes when it reads the end of the stream; the client closes when it reads
 * the server's end. Records what each side saw, for the test to assert on.
 */
final class BulkTransfer {
    final byte[] data;
    final byte[] expectedSha256;
    final TcpListener listener;
    final TcpSocket client;
    TcpSocket server;
    private final MessageDigest received = sha256();
    long receivedBytes;
    long clientConnectedAt = -1;
    boolean serverSawEnd;
    /** When the server read the end of the stream (all data received), or -1. */
    long serverSawEndAt = -1;
    boolean clientSawEnd;
    final List<String> closes = new ArrayList<>();
    TcpError clientError;
    TcpError serverError;
    boolean clientClosed;
    boolean serverClosed;
    private int written;
    private final Host clientHost;
    private final LongSupplier clock;
    /** When the server last read new bytes (or the client connected), and the longest wait for new bytes since. */
    long lastProgressAt;
    long longestStallNanos;

    /** Starts the transfer of {@code size} seeded random bytes from {@code clientHost} to {@code serverAddress}. */
    BulkTransfer(Host clientHost, Host serverHost, Ipv4Address serverAddress, int port, int size, long seed) {
        this(clientHost, serverHost, serverAddress, port, size, seed, TcpConfig.DEFAULT, () -> 0);
    }

    /**
     * The same with {@code config} on both sides, and {@code clock} (the network's virtual time) to measure
     * {@link #longestStallNanos}, the longest time the receiving application waited for new bytes.
     */
    BulkTransfer(Host clientHost, Host serverHost, Ipv4Address serverAddress, int port, int size, long seed,
                 TcpConfig config, LongSupplier clock) {
        this.clientHost = clientHost;
        this.clock = clock;
        this.lastProgressAt = clock.getAsLong();
        this.data = new byte[size];
        new SplittableRandom(seed).nextBytes(data);
        this.expectedSha256 = sha256().digest(data);
        this.listener = serverHost.tcpListen(Ipv4Address.ANY, port, 8, 8, config).onAccept(this::accepted);
        this.client = clientHost.tcpConnect(serverAddress, port, config);
        client.onConnected(socket -> {
                    clientConnectedAt = clock.getAsLong();
                    lastProgressAt = clientConnectedAt;
                })
                .onWritable(this::writeMore)
                .onReadable(this::clientRead)
                .onClosed((socket, error) -> {
                    clientClosed = true;
                    clientError = error;
                });
        writeMore(client);
    }

    private void accepted(TcpSocket socket) {
        server = socket;
        socket.onReadable(this::serverRead).onClosed((s, error) -> {
            serverClosed = true;
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

    private void serverRead(TcpSocket socket) {
        byte[] buffer = new byte[16384];
        int n;
        while ((n = socket.read(buffer)) > 0) {
            received.update(buffer, 0, n);
            receivedBytes += n;
            long now = clock.getAsLong();
            longestStallNanos = Math.max(longestStallNanos, now - lastProgressAt);
            lastProgressAt = now;
        }
        if (n < 0 && !serverSawEnd) {
            serverSawEnd = true;
            serverSawEndAt = clock.getAsLong();
            socket.close();
        }
    }

    private void clientRead(TcpSocket socket) {
        byte[] buffer = new byte[512];
        int n;
        while ((n = socket.read(buffer)) > 0) {
            throw new AssertionError("the server sent data: " + n + " bytes");
        }
        if (n < 0 && !clientSawEnd) {
            clientSawEnd = true;
            socket.close();
        }
    }

    /** The SHA-256 of what the server read (call once, at the end). */
    byte[] receivedSha256() {
        return received.digest();
    }

    boolean allWritten() {
        return written == data.length;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return "written " + written + "/" + data.length + ", received " + receivedBytes + ", client " + client
                + " closed=" + clientClosed + " error=" + clientError + ", server " + server + " closed=" + serverClosed
                + " error=" + serverError + " on " + clientHost.name();
    }
}
