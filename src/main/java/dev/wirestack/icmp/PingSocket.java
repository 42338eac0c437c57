package dev.wirestack.icmp;

import dev.wirestack.ip.SendResult;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sends ICMP echo requests under one identifier and hears the replies and the ICMP errors about them: what ping and
 * traceroute are built on. Traceroute sends echoes with TTL 1, 2, 3... and reads the {@link PingEvent.Error} time
 * exceeded messages (their reporter is the router at that hop) until a {@link PingEvent.Reply} comes from the
 * destination. Single-threaded like its host; {@link #send} only queues, the request leaves in the next poll.
 */
public final class PingSocket {
    /** What a ping socket needs from its host. */
    public interface Transport {
        SendResult send(PingSocket socket, Ipv4Address destination, int sequence, byte[] data, int ttl);

        void close(PingSocket socket);
    }

    private final int identifier;
    private final Consumer<PingEvent> listener;
    private final Transport transport;
    private boolean closed;

    PingSocket(int identifier, Consumer<PingEvent> listener, Transport transport) {
        this.identifier = identifier;
        this.listener = listener;
        this.transport = transport;
    }

    /** The echo identifier of this socket's requests (unique on its host). */
    public int identifier() {
        return identifier;
    }

    /** An echo request with {@code payloadSize} bytes of data (like ping -s), TTL 64. */
    public SendResult send(Ipv4Address destination, int sequence, int payloadSize) {
        return send(destination, sequence, payloadSize, Ipv4Header.DEFAULT_TTL);
    }

    /** An echo request with {@code payloadSize} bytes of data (a repeating 0x00..0xff pattern) and the given TTL. */
    public SendResult send(Ipv4Address destination, int sequence, int payloadSize, int ttl) {
        int max = Ipv4Header.MAX_TOTAL_LENGTH - Ipv4Header.MIN_HEADER_LENGTH - 8;
        if (payloadSize < 0 || payloadSize > max) {
            throw new IllegalArgumentException("an echo payload is 0.." + max + " bytes, not " + payloadSize);
        }
        byte[] data = new byte[payloadSize];
        for (int i = 0; i < payloadSize; i++) {
            data[i] = (byte) i;
        }
        return send(destination, sequence, data, ttl);
    }

    /** An echo request carrying {@code data}. */
    public SendResult send(Ipv4Address destination, int sequence, byte[] data, int ttl) {
        if (closed) {
            throw new IllegalStateException("ping socket " + identifier + " is closed");
        }
        Objects.requireNonNull(destination, "destination");
        if (sequence < 0 || sequence > 0xffff) {
            throw new IllegalArgumentException("an echo sequence number is 0..65535, not " + sequence);
        }
        if (ttl < 1 || ttl > 255) {
            throw new IllegalArgumentException("a TTL is 1..255, not " + ttl);
        }
        if (data.length > Ipv4Header.MAX_TOTAL_LENGTH - Ipv4Header.MIN_HEADER_LENGTH - 8) {
            throw new IllegalArgumentException("echo data too long: " + data.length);
        }
        return transport.send(this, destination, sequence, data.clone(), ttl);
    }

    public void close() {
        if (!closed) {
            closed = true;
            transport.close(this);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    void deliver(PingEvent event) {
        listener.accept(event);
    }
}
