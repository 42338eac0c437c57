package dev.wirestack.http.tls;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Objects;

/**
 * TLS over another {@link Connection}, through the JDK's {@link SSLEngine}: a Connection itself, so HTTP runs over it
 * unchanged. Sans-I/O like the engine: it moves bytes between the transport and the engine when the transport or
 * the application calls, runs the engine's delegated tasks inline (deterministic in the simulator), and reads time
 * only from its {@link EventLoop} (the handshake deadline).
 *
 * <p>Buffers, each bounded by the engine's session sizes: {@code netIn} holds ciphertext read but not yet unwrapped
 * (a partial record), {@code appIn} plaintext unwrapped but not yet read by the application (when full, nothing more
 * is read from the transport: back-pressure), {@code netOut} ciphertext wrapped but not yet taken by the transport.
 * The application's writes are refused (0) until the handshake completes and while {@code netOut} is not empty;
 * onWritable follows.
 *
 * <p>Closing sends close_notify (RFC 8446 section 6.1) before the transport's own close. An end of stream without
 * close_notify after the handshake reads as an end of stream: HTTP's own framing detects a truncated message.
 */
public final class TlsConnection implements Connection {
    /** How the handshake ends; called on the loop, once. */
    public interface HandshakeListener {
        void completed(TlsConnection connection);

        void failed(TlsConnection connection, String reason);
    }

    /**
     * @param handshakeTimeout how long the handshake may take before the connection is aborted
     * @param tracer           receives {@link TraceEvent.TlsHandshakeCompleted}
     * @param node             the node name in the trace events
     */
    public record Options(Duration handshakeTimeout, Tracer tracer, String node) {
        public static final Options DEFAULT = new Options(Duration.ofSeconds(10), Tracer.NONE, "");

        public Options {
            Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
            Objects.requireNonNull(tracer, "tracer");
            Objects.requireNonNull(node, "node");
        }
    }

    /** A TLS record carries at most 2^14 plaintext bytes (RFC 8446 section 5.1). */
    private static final int MAX_PLAINTEXT = 16384;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void onReadable() {
        }

        @Override
        public void onWritable() {
        }

        @Override
        public void onClosed(String error) {
        }
    };

    private final Connection transport;
    private final SSLEngine engine;
    private final EventLoop loop;
    private final Options options;
    private Listener listener = NO_LISTENER;
    private HandshakeListener handshakeListener;
    private EventLoop.Cancellable handshakeTimer;

    private ByteBuffer netIn;   // fill mode: [0, position) is ciphertext waiting to be unwrapped
    private ByteBuffer appIn;   // fill mode: [0, position) is plaintext waiting to be read
    private ByteBuffer netOut;  // drain mode: [position, limit) is ciphertext waiting to be written

    private boolean handshakeDone;
    private boolean transportEof;
    private boolean inboundDone;
    private boolean outboundClosed;
    private boolean closeWhenFlushed;
    private boolean shutdownWhenFlushed;
    private boolean appWantsWritable;
    private boolean appReadInterest = true;
    private boolean closedReported;
    private boolean pumping;
    private String failure;

    /** Wraps {@code transport}; nothing happens until {@link #start}. */
    public TlsConnection(Connection transport, SSLEngine engine, EventLoop loop, Options options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.options = Objects.requireNonNull(options, "options");
        SSLSession session = engine.getSession();
        this.netIn = ByteBuffer.allocate(session.getPacketBufferSize());
        this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(session.getPacketBufferSize()).flip();
    }

    /** Begins the handshake (the client sends its ClientHello); {@code onHandshake} may be null. */
    public void start(HandshakeListener onHandshake) {
        this.handshakeListener = onHandshake;
        handshakeTimer = loop.schedule(options.handshakeTimeout().toNanos(), () -> {
            if (!handshakeDone && failure == null) {
                failure = "TLS handshake did not complete within " + options.handshakeTimeout();
                reportHandshakeFailure();
                transport.abort();
            }
        });
        transport.listener(new TransportListener());
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        pump();
    }

    /** The negotiated protocol ("TLSv1.3"), once the handshake completed. */
    public String protocol() {
        return engine.getSession().getProtocol();
    }

    public String cipherSuite() {
        return engine.getSession().getCipherSuite();
    }

    /** The ALPN protocol agreed ("http/1.1"), "" when none was, null before the handshake completed. */
    public String applicationProtocol() {
        return engine.getApplicationProtocol();
    }

    public SSLSession session() {
        return engine.getSession();
    }

    public boolean handshakeCompleted() {
        return handshakeDone;
    }

    // ---- Connection ------------------------------------------------------------------------------------------

    @Override
    public int read(byte[] into, int offset, int length) {
        if (appIn.position() == 0 && !inboundDone) {
            pump();
        }
        if (appIn.position() > 0) {
            appIn.flip();
            int n = Math.min(length, appIn.remaining());
            appIn.get(into, offset, n);
            appIn.compact();
            return n;
        }
        return inboundDone || failure != null ? -1 : 0;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        if (failure != null || outboundClosed) {
            return 0;
        }
        if (!handshakeDone) {
            appWantsWritable = true;
            return 0;
        }
        int taken = 0;
        try {
            while (taken < length && flushNetOut()) {
                SSLEngineResult result = wrap(ByteBuffer.wrap(data, offset + taken,
                        Math.min(length - taken, MAX_PLAINTEXT)));
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
                taken += result.bytesConsumed();
            }
            flushNetOut();
        } catch (SSLException e) {
            fail(e);
            return taken;
        }
        if (taken < length) {
            appWantsWritable = true;
        }
        return taken;
    }

    /** Sends close_notify, then half-closes the transport once it is written. */
    @Override
    public void shutdownOutput() {
        if (closeOutbound()) {
            transport.shutdownOutput();
        } else {
            shutdownWhenFlushed = true;
        }
    }

    /** Sends close_notify, then closes the transport once it is written. */
    @Override
    public void close() {
        if (closeOutbound()) {
            transport.close();
        } else {
            closeWhenFlushed = true;
        }
    }

    @Override
    public void abort() {
        cancelHandshakeTimer();
        outboundClosed = true;
        transport.abort();
    }

    @Override
    public void readInterest(boolean interested) {
        boolean resumed = interested && !appReadInterest;
        appReadInterest = interested;
        if (handshakeDone) {
            transport.readInterest(interested); // during the handshake the transport is always read
        }
        if (resumed) {
            wakeIfReadable();
        }
    }

    @Override
    public void listener(Listener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
        wakeIfReadable();
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public String remoteAddress() {
        return transport.remoteAddress();
    }

    // ---- The engine ------------------------------------------------------------------------------------------

    /** Moves bytes until nothing more can move: handshake messages both ways, then application data in. */
    private void pump() {
        if (pumping || failure != null) {
            return;
        }
        pumping = true;
        try {
            boolean progress = true;
            while (progress && failure == null) {
                boolean flushed = flushNetOut();
                progress = switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runDelegatedTasks();
                    case NEED_WRAP -> {
                        if (!flushed) {
                            yield false; // the transport's onWritable resumes
                        }
                        SSLEngineResult result = wrap(EMPTY);
                        yield result.bytesProduced() > 0
                                || result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP;
                    }
                    default -> unwrap();
                };
            }
            if (flushNetOut()) {
                afterFlush();
            }
        } catch (SSLException e) {
            fail(e);
        } finally {
            pumping = false;
        }
    }

    private boolean runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
        return true;
    }

    private SSLEngineResult wrap(ByteBuffer source) throws SSLException {
        netOut.clear();
        SSLEngineResult result;
        try {
            result = engine.wrap(source, netOut);
        } finally {
            netOut.flip();
        }
        if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            // The session's packet size grew (after the handshake): retry with room for one record.
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize()).flip();
            return wrap(source);
        }
        handshakeProgress(result);
        return result;
    }

    /** Reads ciphertext and unwraps one record; true if anything moved. */
    private boolean unwrap() throws SSLException {
        if (inboundDone) {
            return false;
        }
        boolean read = false;
        if (!transportEof && netIn.hasRemaining()) {
            int n = transport.read(netIn.array(), netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
                read = true;
            } else if (n < 0) {
                transportEof = true;
                read = true;
            }
        }
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
        boolean moved = read || result.bytesConsumed() > 0 || result.bytesProduced() > 0;
        switch (result.getStatus()) {
            case OK -> { }
            case CLOSED -> {
                inboundDone = true; // close_notify: the peer sends no more
                moved = true;
            }
            case BUFFER_UNDERFLOW -> {
                int needed = engine.getSession().getPacketBufferSize();
                if (netIn.position() == netIn.capacity() && netIn.capacity() < needed) {
                    netIn = grow(netIn, needed);
                    moved = true;
                } else if (transportEof) {
                    endOfStream();
                    moved = true;
                }
            }
            case BUFFER_OVERFLOW -> {
                int needed = engine.getSession().getApplicationBufferSize();
                if (appIn.position() == 0 && appIn.capacity() < needed) {
                    appIn = grow(appIn, needed);
                    moved = true;
                }
                // else: the application reads appIn first
            }
        }
        handshakeProgress(result);
        return moved;
    }

    /** The transport ended with no whole record left. */
    private void endOfStream() {
        if (!handshakeDone) {
            failure = "the peer closed the connection during the TLS handshake";
            reportHandshakeFailure();
            transport.close();
            return;
        }
        // Without close_notify, a truncation the engine would call fatal (closeInbound throws); it is not called,
        // so the response to a peer that half-closed without close_notify can still be sent.
        inboundDone = true;
    }

    private static ByteBuffer grow(ByteBuffer fillMode, int capacity) {
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        fillMode.flip();
        larger.put(fillMode);
        return larger;
    }

    /** Writes pending ciphertext; true when none is left. */
    private boolean flushNetOut() {
        while (netOut.hasRemaining()) {
            int n = transport.write(netOut.array(), netOut.position(), netOut.remaining());
            if (n <= 0) {
                return false;
            }
            netOut.position(netOut.position() + n);
        }
        return true;
    }

    /** Everything wrapped is written: a deferred close can proceed, a waiting writer can write. */
    private void afterFlush() {
        if (closeWhenFlushed) {
            closeWhenFlushed = false;
            transport.close();
        } else if (shutdownWhenFlushed) {
            shutdownWhenFlushed = false;
            transport.shutdownOutput();
        }
    }

    private void handshakeProgress(SSLEngineResult result) {
        if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED && !handshakeDone) {
            handshakeDone = true;
            cancelHandshakeTimer();
            SSLSession session = engine.getSession();
            String alpn = engine.getApplicationProtocol();
            options.tracer().emit(new TraceEvent.TlsHandshakeCompleted(loop.nowNanos(), options.node(),
                    transport.remoteAddress(), session.getProtocol(), session.getCipherSuite(),
                    alpn == null ? "" : alpn));
            transport.readInterest(appReadInterest);
            // Called back from the loop, not from inside pump(): the listener may read and write at once.
            loop.execute(this::handshakeCompletedOnLoop);
        }
    }

    private void handshakeCompletedOnLoop() {
        HandshakeListener waiting = handshakeListener;
        handshakeListener = null;
        if (waiting != null && failure == null) {
            waiting.completed(this);
        }
        if (appWantsWritable && failure == null) {
            appWantsWritable = false;
            listener.onWritable();
        }
        wakeIfReadable();
    }

    /** Sends close_notify; true when it is written. */
    private boolean closeOutbound() {
        cancelHandshakeTimer();
        if (!outboundClosed) {
            outboundClosed = true;
            engine.closeOutbound();
            try {
                while (!engine.isOutboundDone() && flushNetOut()) {
                    wrap(EMPTY);
                }
            } catch (SSLException e) {
                // the engine is already broken: close the transport without close_notify
            }
        }
        return flushNetOut();
    }

    private void fail(SSLException e) {
        failure = describe(e);
        // The engine has prepared an alert for the peer (RFC 8446 section 6.2): send it, then close.
        closeOutbound();
        reportHandshakeFailure();
        transport.close();
    }

    private void reportHandshakeFailure() {
        cancelHandshakeTimer();
        HandshakeListener waiting = handshakeListener;
        handshakeListener = null;
        if (waiting != null) {
            String reason = failure;
            loop.execute(() -> waiting.failed(this, reason));
        }
    }

    /** A reason a person can act on: what failed, and for an untrusted certificate what to do. */
    static String describe(SSLException e) {
        StringBuilder reason = new StringBuilder("TLS failed: ")
                .append(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                reason.append(" (the peer's certificate is not trusted for this address: give a truststore that"
                        + " holds it, or the insecure option for a self-signed test server)");
                break;
            }
        }
        return reason.toString();
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    /** Plaintext or an end of stream already waiting needs a nudge: the transport will not call again for it. */
    private void wakeIfReadable() {
        if (handshakeDone && (appIn.position() > 0 || netIn.position() > 0 || inboundDone)) {
            loop.execute(() -> {
                if (appReadInterest && !closedReported) {
                    listener.onReadable();
                }
            });
        }
    }

    private final class TransportListener implements Listener {
        @Override
        public void onReadable() {
            pump();
            if (handshakeDone && appReadInterest && !closedReported) {
                listener.onReadable();
            }
        }

        @Override
        public void onWritable() {
            pump();
            if (handshakeDone && appWantsWritable && !netOut.hasRemaining() && failure == null) {
                appWantsWritable = false;
                listener.onWritable();
            }
        }

        @Override
        public void onClosed(String error) {
            cancelHandshakeTimer();
            if (failure == null && !handshakeDone) {
                failure = "the connection closed during the TLS handshake" + (error == null ? "" : ": " + error);
            }
            reportHandshakeFailure();
            if (!closedReported) {
                closedReported = true;
                listener.onClosed(failure != null ? failure : error);
            }
        }
    }
}
