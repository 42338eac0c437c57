package dev.wirestack.udp;

import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A host's UDP port table: binds sockets to ports, picks ephemeral ports, finds the socket for a datagram.
 *
 * <p>Ephemeral ports come from Linux's default range 32768-60999 (ip_local_port_range): a random start drawn from
 * the host's injected generator, then the next free port upwards, wrapping (so a seed gives the same ports).
 */
public final class UdpSockets {
    public static final int EPHEMERAL_FIRST = 32768;
    public static final int EPHEMERAL_LAST = 60999;

    private final RandomGenerator random;
    private final int receiveQueueLimit;
    private final UdpSocket.Transport transport;
    private final Map<Integer, UdpSocket> byPort = new TreeMap<>();

    public UdpSockets(RandomGenerator random, int receiveQueueLimit, UdpSocket.Transport transport) {
        if (receiveQueueLimit < 1) {
            throw new IllegalArgumentException("a receive queue holds at least 1 datagram");
        }
        this.random = random;
        this.receiveQueueLimit = receiveQueueLimit;
        this.transport = transport;
    }

    /**
     * Binds a socket to {@code port} (1..65535), or to a free ephemeral port when {@code port} is 0.
     *
     * @throws IllegalStateException if the port is taken or no ephemeral port is free
     */
    public UdpSocket bind(int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("a UDP port is 0..65535, not " + port);
        }
        int chosen = port == 0 ? freeEphemeralPort() : port;
        if (byPort.containsKey(chosen)) {
            throw new IllegalStateException("UDP port " + chosen + " is already in use");
        }
        UdpSocket socket = new UdpSocket(chosen, receiveQueueLimit, transport);
        byPort.put(chosen, socket);
        return socket;
    }

    private int freeEphemeralPort() {
        int range = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
        int start = random.nextInt(range);
        for (int i = 0; i < range; i++) {
            int candidate = EPHEMERAL_FIRST + (start + i) % range;
            if (!byPort.containsKey(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("all " + range + " ephemeral UDP ports are in use");
    }

    /** The socket bound to {@code port}, or null. */
    public UdpSocket lookup(int port) {
        return byPort.get(port);
    }

    /** Hands a datagram to the socket on {@code port}: false when the socket's receive queue is full. */
    public boolean deliver(UdpSocket socket, UdpMessage message) {
        return socket.deliver(message);
    }

    /** Passes an ICMP error to the socket that sent from {@code port}; false when no socket is bound there. */
    public boolean deliverError(int port, UdpError error) {
        UdpSocket socket = byPort.get(port);
        if (socket == null) {
            return false;
        }
        socket.deliverError(error);
        return true;
    }

    /** Frees the port of a socket being closed. */
    public void release(UdpSocket socket) {
        byPort.remove(socket.port(), socket);
    }

    public int size() {
        return byPort.size();
    }
}
