package dev.wirestack.stack;

import dev.wirestack.tcp.Endpoint;
import dev.wirestack.tcp.TcpConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A passive open on a host's port ({@link Host#tcpListen}): SYNs to it become connections, which wait in the accept
 * queue once their handshake is done until the application takes them.
 *
 * <p>Two queues with two limits, as in Linux: at most {@code synBacklog} connections may be half-open (SYN
 * received, SYN-ACK sent, handshake not done: tcp_max_syn_backlog), and at most {@code backlog} established ones
 * may wait to be taken (the listen() backlog). When the half-open queue is full, further SYNs are answered with SYN
 * cookies (RFC 4987) and keep no state; when the accept queue is full, SYNs and handshake-completing ACKs are
 * dropped and counted as {@code LISTEN_OVERFLOW}, so that clients retry later (Linux's default, without
 * tcp_abort_on_overflow).
 *
 * <p>Single-threaded like its host: call it from the thread (or simulator callback) that drives the host.
 */
public final class TcpListener {
    private final TcpLayer layer;
    private final Endpoint local;
    private final int backlog;
    private final int synBacklog;
    final TcpConfig config;
    private final Set<TcpSocket> halfOpen = new LinkedHashSet<>();
    private final ArrayDeque<TcpSocket> acceptQueue = new ArrayDeque<>();
    private Consumer<TcpSocket> onAccept;
    private boolean closed;

    TcpListener(TcpLayer layer, Endpoint local, int backlog, int synBacklog, TcpConfig config) {
        this.layer = layer;
        this.local = local;
        this.backlog = backlog;
        this.synBacklog = synBacklog;
        this.config = config;
    }

    /** The next established connection, taken from the accept queue, or null when none waits. */
    public TcpSocket accept() {
        return acceptQueue.poll();
    }

    /**
     * Hands every established connection to {@code callback} as it comes (those already waiting at once), instead
     * of queueing it for {@link #accept}. The callback runs on the host's thread, after the segment that completed
     * the handshake was processed; it may register the socket's callbacks and write to it.
     */
    public TcpListener onAccept(Consumer<TcpSocket> callback) {
        this.onAccept = Objects.requireNonNull(callback, "callback");
        offerToCallback();
        return this;
    }

    /**
     * Stops listening and frees the port. Connections still in the handshake or waiting in the accept queue are
     * reset (RST), as Linux does; connections already taken live on.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        layer.stopListening(this);
        List<TcpSocket> orphans = new ArrayList<>(halfOpen);
        orphans.addAll(acceptQueue);
        halfOpen.clear();
        acceptQueue.clear();
        orphans.forEach(TcpSocket::abort);
    }

    public boolean isClosed() {
        return closed;
    }

    /** The address (or {@code 0.0.0.0} for all of the host's addresses) and port listened on. */
    public Endpoint localEndpoint() {
        return local;
    }

    public int port() {
        return local.port();
    }

    /** Connections in the handshake now (SYN_RECEIVED), at most the SYN backlog. */
    public int halfOpenCount() {
        return halfOpen.size();
    }

    /** Established connections waiting for {@link #accept}, at most the backlog. */
    public int acceptQueueSize() {
        return acceptQueue.size();
    }

    public int backlog() {
        return backlog;
    }

    public int synBacklog() {
        return synBacklog;
    }

    boolean halfOpenFull() {
        return halfOpen.size() >= synBacklog;
    }

    boolean acceptQueueFull() {
        return acceptQueue.size() >= backlog;
    }

    void addHalfOpen(TcpSocket socket) {
        halfOpen.add(socket);
    }

    /** A child's handshake completed: it moves to the accept queue (or straight to the callback). */
    void established(TcpSocket socket) {
        halfOpen.remove(socket);
        acceptQueue.add(socket);
    }

    /** A child died in the handshake; one in the accept queue stays there, for accept() to report its error. */
    void childClosed(TcpSocket socket) {
        halfOpen.remove(socket);
    }

    void offerToCallback() {
        TcpSocket socket;
        while (onAccept != null && (socket = acceptQueue.poll()) != null) {
            onAccept.accept(socket);
        }
    }

    @Override
    public String toString() {
        return "TcpListener[" + local + ", half-open " + halfOpen.size() + "/" + synBacklog + ", accept queue "
                + acceptQueue.size() + "/" + backlog + (closed ? ", closed" : "") + "]";
    }
}
