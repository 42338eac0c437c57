package dev.wirestack.udp;

import dev.wirestack.ip.SendResult;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A UDP socket bound to a port on every address of its host. Single-threaded like its host: call it from the thread
 * that drives the host. {@link #send} only queues; the datagram leaves in the host's next pollTransmit.
 *
 * <p>Received datagrams wait in a bounded queue ({@link #receive}); when it is full, new ones are dropped
 * (SOCKET_BUFFER_FULL). A listener set with {@link #onMessage} sees every datagram instead of the queue. ICMP errors
 * about what this socket sent (port unreachable, host unreachable, ...) go to {@link #onError}'s listener or wait
 * in a small queue of their own ({@link #pollError}).
 */
public final class UdpSocket {
    /** How many errors wait for {@link #pollError} at most; older ones are discarded first. */
    private static final int ERROR_QUEUE_LIMIT = 16;

    /** What a socket needs from its host. */
    public interface Transport {
        SendResult send(UdpSocket socket, Ipv4Address destination, int port, byte[] data, int ttl);

        void close(UdpSocket socket);
    }

    private final int port;
    private final int receiveQueueLimit;
    private final Transport transport;
    private final ArrayDeque<UdpMessage> received = new ArrayDeque<>();
    private final ArrayDeque<UdpError> errors = new ArrayDeque<>();
    private Consumer<UdpMessage> messageListener;
    private Consumer<UdpError> errorListener;
    private boolean closed;

    UdpSocket(int port, int receiveQueueLimit, Transport transport) {
        this.port = port;
        this.receiveQueueLimit = receiveQueueLimit;
        this.transport = transport;
    }

    public int port() {
        return port;
    }

    /** Sends {@code data} to {@code destination}:{@code destinationPort} with the default TTL (64). */
    public SendResult send(Ipv4Address destination, int destinationPort, byte[] data) {
        return send(destination, destinationPort, data, Ipv4Header.DEFAULT_TTL);
    }

    /** Sends with an explicit TTL (1..255), as a UDP traceroute would. Fragmented as the route's MTU requires. */
    public SendResult send(Ipv4Address destination, int destinationPort, byte[] data, int ttl) {
        requireOpen();
        Objects.requireNonNull(destination, "destination");
        if (destinationPort < 1 || destinationPort > 0xffff) {
            throw new IllegalArgumentException("a destination port is 1..65535, not " + destinationPort);
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("a TTL is 1..255, not " + ttl);
        }
        int max = Ipv4Header.MAX_TOTAL_LENGTH - Ipv4Header.MIN_HEADER_LENGTH - 8;
        if (data.length > max) {
            throw new IllegalArgumentException("a UDP payload is at most " + max + " bytes, not " + data.length);
        }
        return transport.send(this, destination, destinationPort, data.clone(), ttl);
    }

    /** The oldest datagram waiting, or null. */
    public UdpMessage receive() {
        return received.poll();
    }

    public int pendingMessages() {
        return received.size();
    }

    /** Every datagram goes to {@code listener} from now on (null: back to the queue). */
    public void onMessage(Consumer<UdpMessage> listener) {
        this.messageListener = listener;
    }

    /** The oldest ICMP error waiting, or null. */
    public UdpError pollError() {
        return errors.poll();
    }

    /** Every error goes to {@code listener} from now on (null: back to the queue). */
    public void onError(Consumer<UdpError> listener) {
        this.errorListener = listener;
    }

    /** Frees the port. Datagrams still waiting are discarded; sends already queued are dropped. */
    public void close() {
        if (!closed) {
            closed = true;
            received.clear();
            transport.close(this);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Hands a datagram to the application: false when the receive queue is full (the caller counts the drop). */
    boolean deliver(UdpMessage message) {
        if (messageListener != null) {
            messageListener.accept(message);
            return true;
        }
        if (received.size() >= receiveQueueLimit) {
            return false;
        }
        received.add(message);
        return true;
    }

    void deliverError(UdpError error) {
        if (errorListener != null) {
            errorListener.accept(error);
            return;
        }
        if (errors.size() >= ERROR_QUEUE_LIMIT) {
            errors.poll();
        }
        errors.add(error);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("UDP socket on port " + port + " is closed");
        }
    }
}
