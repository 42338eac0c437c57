package dev.wirestack.stack;

import dev.wirestack.tcp.Endpoint;
import dev.wirestack.tcp.FourTuple;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpConnection;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.tcp.TcpObserver;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.SeqNum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One TCP connection of a host, as the application sees it: non-blocking reads and writes on a byte stream, and
 * callbacks for what happens to it. Made by {@link Host#tcpConnect} (active open) or handed out by a
 * {@link TcpListener} (passive open).
 *
 * <p>Like its host, a socket is single-threaded: call it from the thread that drives the host (in the simulator,
 * from a scheduled action or a callback). Calls only change state; segments leave in the host's next
 * {@code pollTransmit}. Callbacks run on the host's thread after the segment or timer that caused them was fully
 * processed, never in the middle of it, so a callback may call any method of any socket.
 *
 * <p>An active open takes effect at the host's next poll, which supplies the time for the initial sequence number
 * and the SYN: until then the socket is {@link TcpState#SYN_SENT} and calls made on it (writes, shutdownOutput,
 * close) are kept and applied, in order, once the connection exists.
 */
public final class TcpSocket {
    // Pending notifications, delivered in this order.
    static final int CONNECTED = 1;
    static final int ACCEPTABLE = 2;
    static final int WRITABLE = 4;
    static final int READABLE = 8;
    static final int PEER_CLOSED = 16;
    static final int CLOSED = 32;

    private final TcpLayer layer;
    private final FourTuple tuple;
    /** The configuration of an active open, for the connection the next poll makes; null for a passive open. */
    final TcpConfig openConfig;
    final TcpObserver observer = new Events();
    TcpConnection connection;
    /** Application calls made before an active open took effect; null once it did (or for a passive open). */
    private List<Consumer<TcpConnection>> beforeOpen;
    private int bufferedBeforeOpen;

    /** The listener whose SYN made this connection, until the application takes it; null for an active open. */
    TcpListener listener;
    boolean halfOpen;

    // The host's bookkeeping: the timer heap slot, the transmit and notification queues, whether it was forgotten.
    long deadline = Long.MAX_VALUE;
    int timerSlot = -1;
    boolean queuedForTransmit;
    boolean forgotten;
    private int notifications;
    private boolean peerClosed;
    private boolean closed;
    private TcpError closeError;

    private Consumer<TcpSocket> onConnected;
    private Consumer<TcpSocket> onReadable;
    private Consumer<TcpSocket> onWritable;
    private Consumer<TcpSocket> onPeerClosed;
    private BiConsumer<TcpSocket, TcpError> onClosed;

    /** {@code openConfig}: the configuration of an active open, whose connection the next poll makes; else null. */
    TcpSocket(TcpLayer layer, FourTuple tuple, TcpConfig openConfig) {
        this.layer = layer;
        this.tuple = tuple;
        this.openConfig = openConfig;
        this.beforeOpen = openConfig != null ? new ArrayList<>() : null;
    }

    // ---- The byte stream --------------------------------------------------------------------------------------

    /** Writes {@code data}: see {@link #write(byte[], int, int)}. */
    public int write(byte[] data) {
        return write(data, 0, data.length);
    }

    /**
     * Copies up to {@code length} bytes into the send buffer and returns how many fit (0 when it is full: wait for
     * {@link #onWritable}).
     *
     * @throws IllegalStateException after {@link #shutdownOutput}, {@link #close} or once the connection is closed
     */
    public int write(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (beforeOpen != null) {
            int accepted = Math.min(length, writableBytes());
            byte[] copy = Arrays.copyOfRange(data, offset, offset + accepted);
            bufferedBeforeOpen += accepted;
            beforeOpen.add(c -> c.write(copy, 0, copy.length));
            return accepted;
        }
        int written = connection.write(data, offset, length);
        layer.applicationCall(this);
        return written;
    }

    /** Reads into {@code into}: see {@link #read(byte[], int, int)}. */
    public int read(byte[] into) {
        return read(into, 0, into.length);
    }

    /** Reads up to {@code length} bytes: how many were read, 0 when none are there yet, -1 at the end of the stream. */
    public int read(byte[] into, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, into.length);
        if (beforeOpen != null) {
            return 0;
        }
        int read = connection.read(into, offset, length);
        layer.applicationCall(this); // reading opens the receive window: a window update may be due
        return read;
    }

    public int readableBytes() {
        return beforeOpen != null ? 0 : connection.readableBytes();
    }

    public int writableBytes() {
        return beforeOpen != null ? Math.max(0, openConfig.sendBufferBytes() - bufferedBeforeOpen)
                : connection.writableBytes();
    }

    /** Half-close: a FIN follows the data written so far; reading goes on until the peer closes too. */
    public void shutdownOutput() {
        if (beforeOpen != null) {
            beforeOpen.add(TcpConnection::shutdownOutput);
            return;
        }
        connection.shutdownOutput();
        layer.applicationCall(this);
    }

    /**
     * Closes the connection: a FIN after the data written so far, or a RST at once when received data was left
     * unread (RFC 9293 section 3.10.4, as Linux does). {@link #onClosed} tells when it is over.
     */
    public void close() {
        if (beforeOpen != null) {
            beforeOpen.add(TcpConnection::close);
            return;
        }
        connection.close();
        layer.applicationCall(this);
    }

    /** Resets the connection (RST) and drops whatever is buffered; the error is {@link TcpError#ABORTED}. */
    public void abort() {
        if (beforeOpen != null) {
            beforeOpen.add(TcpConnection::abort);
            return;
        }
        connection.abort();
        layer.applicationCall(this);
    }

    /** Disables (true) or enables Nagle's algorithm (RFC 896) for this connection. */
    public void setNoDelay(boolean noDelay) {
        if (beforeOpen != null) {
            beforeOpen.add(c -> c.setNoDelay(noDelay));
            return;
        }
        connection.setNoDelay(noDelay);
        layer.applicationCall(this);
    }

    // ---- What the connection is -----------------------------------------------------------------------------

    public TcpState state() {
        return beforeOpen != null ? TcpState.SYN_SENT : connection.state();
    }

    /** Why the connection ended, or null while it lives or when it closed normally. */
    public TcpError error() {
        return beforeOpen != null ? null : connection.error();
    }

    public FourTuple tuple() {
        return tuple;
    }

    public Endpoint localEndpoint() {
        return tuple.local();
    }

    public Endpoint remoteEndpoint() {
        return tuple.remote();
    }

    /** The congestion window in bytes (0 before the connection exists). */
    public long cwnd() {
        return beforeOpen != null ? 0 : connection.cwnd();
    }

    /** The smoothed round-trip time in nanoseconds (0 before a sample). */
    public long srttNanos() {
        return beforeOpen != null ? 0 : connection.srttNanos();
    }

    // ---- Callbacks ------------------------------------------------------------------------------------------

    /** The handshake of an active open completed (ESTABLISHED). */
    public TcpSocket onConnected(Consumer<TcpSocket> callback) {
        this.onConnected = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** Data arrived, or the end of the stream: {@link #read} returns something. Runs at once if that is so now. */
    public TcpSocket onReadable(Consumer<TcpSocket> callback) {
        this.onReadable = Objects.requireNonNull(callback, "callback");
        if (readableBytes() > 0 || peerClosed) {
            layer.notify(this, READABLE);
        }
        return this;
    }

    /** The send buffer has room again after a write that did not fit. */
    public TcpSocket onWritable(Consumer<TcpSocket> callback) {
        this.onWritable = Objects.requireNonNull(callback, "callback");
        return this;
    }

    /** The peer closed its side (FIN): after the buffered data, reads return -1. Runs at once if that is so now. */
    public TcpSocket onPeerClosed(Consumer<TcpSocket> callback) {
        this.onPeerClosed = Objects.requireNonNull(callback, "callback");
        if (peerClosed) {
            layer.notify(this, PEER_CLOSED);
        }
        return this;
    }

    /**
     * The connection is over: {@code error} is null after a clean close, else refused, reset, timed out or aborted.
     * Runs at once if that is so now.
     */
    public TcpSocket onClosed(BiConsumer<TcpSocket, TcpError> callback) {
        this.onClosed = Objects.requireNonNull(callback, "callback");
        if (closed) {
            layer.notify(this, CLOSED);
        }
        return this;
    }

    // ---- For the host's TCP layer ----------------------------------------------------------------------------

    /** The active open took effect: the calls made meanwhile are applied to the new connection, in order. */
    void opened(TcpConnection newConnection) {
        this.connection = newConnection;
        List<Consumer<TcpConnection>> calls = beforeOpen;
        beforeOpen = null;
        calls.forEach(call -> call.accept(newConnection));
    }

    boolean isOpen() {
        return beforeOpen == null;
    }

    /** Adds notification bits; returns true when the socket was not yet waiting to be notified. */
    boolean addNotifications(int bits) {
        boolean first = notifications == 0;
        notifications |= bits;
        return first;
    }

    /** Runs the callbacks for the pending notifications, in their fixed order. */
    void deliverNotifications() {
        int pending = notifications;
        notifications = 0;
        if ((pending & CONNECTED) != 0 && onConnected != null) {
            onConnected.accept(this);
        }
        if ((pending & ACCEPTABLE) != 0 && listener != null) {
            TcpListener parent = listener;
            listener = null; // taken or queued: the listener no longer answers for it
            parent.offerToCallback();
        }
        if ((pending & WRITABLE) != 0 && onWritable != null) {
            onWritable.accept(this);
        }
        if ((pending & READABLE) != 0 && onReadable != null) {
            onReadable.accept(this);
        }
        if ((pending & PEER_CLOSED) != 0 && onPeerClosed != null) {
            onPeerClosed.accept(this);
        }
        if ((pending & CLOSED) != 0 && onClosed != null) {
            onClosed.accept(this, closeError);
        }
    }

    @Override
    public String toString() {
        return "TcpSocket[" + tuple.local() + " -> " + tuple.remote() + ", " + state() + "]";
    }

    /** What the connection reports: traced, turned into notifications, and told to the host's TCP layer. */
    private final class Events implements TcpObserver {
        @Override
        public void onStateChange(long now, TcpConnection c, TcpState from, TcpState to) {
            layer.trace(new TraceEvent.TcpStateChanged(now, layer.hostName(), tuple.local().address(),
                    tuple.local().port(), tuple.remote().address(), tuple.remote().port(), from.name(), to.name()));
        }

        @Override
        public void onEstablished(long now, TcpConnection c) {
            layer.established(TcpSocket.this);
            layer.notify(TcpSocket.this, CONNECTED);
        }

        @Override
        public void onReadable(long now, TcpConnection c) {
            layer.notify(TcpSocket.this, READABLE);
        }

        @Override
        public void onWritable(long now, TcpConnection c) {
            layer.notify(TcpSocket.this, WRITABLE);
        }

        @Override
        public void onPeerClosed(long now, TcpConnection c) {
            peerClosed = true;
            layer.notify(TcpSocket.this, PEER_CLOSED | READABLE);
        }

        @Override
        public void onClosed(long now, TcpConnection c, TcpError error) {
            closed = true;
            closeError = error;
            layer.closed(TcpSocket.this);
            layer.notify(TcpSocket.this, CLOSED);
        }

        @Override
        public void onChallengeAckSuppressed(long now, TcpConnection c) {
            layer.challengeAckSuppressed(now, tuple);
        }

        @Override
        public void onRetransmit(long now, TcpConnection c, SeqNum seq, int length, boolean fast) {
            if (layer.tracing()) {
                layer.trace(new TraceEvent.TcpRetransmit(now, layer.hostName(), tuple.local().address(),
                        tuple.local().port(), tuple.remote().address(), tuple.remote().port(), seq.unsigned(), length,
                        fast));
            }
        }

        @Override
        public void onCongestionUpdate(long now, TcpConnection c, long cwnd, long ssthresh, long srttNanos,
                                       long rtoNanos) {
            if (layer.tracing()) {
                layer.trace(new TraceEvent.TcpCongestion(now, layer.hostName(), tuple.local().address(),
                        tuple.local().port(), tuple.remote().address(), tuple.remote().port(), cwnd, ssthresh,
                        srttNanos, rtoNanos));
            }
        }
    }
}
