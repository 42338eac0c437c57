package dev.wirestack.icmp;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/** A host's ping sockets by echo identifier; identifiers are drawn from the host's injected random generator. */
public final class PingSockets {
    private final RandomGenerator random;
    private final PingSocket.Transport transport;
    private final Map<Integer, PingSocket> byIdentifier = new TreeMap<>();

    public PingSockets(RandomGenerator random, PingSocket.Transport transport) {
        this.random = random;
        this.transport = transport;
    }

    public PingSocket open(Consumer<PingEvent> listener) {
        if (byIdentifier.size() > 0xffff) {
            throw new IllegalStateException("all 65536 echo identifiers are in use");
        }
        int identifier = random.nextInt(0x10000);
        while (byIdentifier.containsKey(identifier)) {
            identifier = (identifier + 1) & 0xffff;
        }
        PingSocket socket = new PingSocket(identifier, listener, transport);
        byIdentifier.put(identifier, socket);
        return socket;
    }

    /** Passes an event to the socket with {@code identifier}: false when there is none (the echo was not ours). */
    public boolean deliver(int identifier, PingEvent event) {
        PingSocket socket = byIdentifier.get(identifier);
        if (socket == null) {
            return false;
        }
        socket.deliver(event);
        return true;
    }

    public void release(PingSocket socket) {
        byIdentifier.remove(socket.identifier(), socket);
    }
}
