package dev.wirestack.runtime;

import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.Endpoint;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.tcp.TcpState;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP connection of a host run by a {@link RealTimeDriver}, as blocking streams: what {@link java.net.Socket} is to
 * the kernel. Made by {@link TcpStreams#connect} or {@link TcpStreamListener#accept}.
 *
 * <p>Two staging buffers stand between the application's threads and the non-blocking {@link TcpSocket}, which
 * only the loop thread touches: the loop moves received bytes into one as they arrive (and stops when it is full,
 * so the socket's window closes and the peer waits), and moves bytes from the other into the socket as its send
 * buffer has room. Application threads wait on a lock's condition, never spin, so virtual threads park cheaply.
 *
 * <p>One thread may read while another writes. Errors are {@link IOException}s that say what happened:
 * {@link ConnectException} for a refused or timed-out connect, {@link SocketException} for a reset, a timeout after
 * the retransmissions, or a stream used after {@link #close}, and {@link SocketTimeoutException} for a read
 * timeout.
 */
public final class TcpStream implements Closeable {
    /** Staging per direction: as much as the socket's own default buffer, so a transfer never waits on it. */
    private static final int STAGING_BYTES = 256 * 1024;
    /** How often a waiting {@link #closeAndAwait} looks at the connection's state on the loop thread. */
    private static final long LINGER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The smallest retransmission timeout of a peer such as Linux (RFC 6298 allows less; Linux uses 200 ms). */
    private static final long MIN_PEER_RTO_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final RealTimeDriver driver;
    private final TcpSocket socket;
    private final TcpConfig config;
    private final Endpoint local;
    private final Endpoint remote;
    private final Runnable whenFinished;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever anything below changes; at most a reader and a writer wait on it. */
    private final Condition changed = lock.newCondition();
    private final StagingBuffer received = new StagingBuffer(STAGING_BYTES);
    private final StagingBuffer toSend = new StagingBuffer(STAGING_BYTES);
    private final Input input = new Input();
    private final Output output = new Output();

    // Guarded by lock.
    private boolean connected;
    private boolean peerEnded;
    private boolean pullStalled;
    private boolean flushPending;
    private boolean outputShut;
    private boolean shutdownApplied;
    private boolean closed;
    private boolean closeApplied;
    private boolean finished;
    private IOException failure;
    private long readTimeoutNanos;

    /** On the loop thread: wraps {@code socket} and takes over its callbacks. */
    TcpStream(RealTimeDriver driver, TcpSocket socket, TcpConfig config, boolean connected, Runnable whenFinished) {
        this.driver = driver;
        this.socket = socket;
        this.config = config;
        this.local = socket.localEndpoint();
        this.remote = socket.remoteEndpoint();
        this.connected = connected;
        this.whenFinished = whenFinished;
        socket.onConnected(s -> connected())
                .onReadable(s -> pull())
                .onPeerClosed(s -> pull())
                .onWritable(s -> flush())
                .onClosed((s, error) -> finished(error));
    }

    public InputStream getInputStream() {
        return input;
    }

    public OutputStream getOutputStream() {
        return output;
    }

    public Endpoint localEndpoint() {
        return local;
    }

    public Endpoint remoteEndpoint() {
        return remote;
    }

    /** How long a read waits for data before {@link SocketTimeoutException}; zero (the default) waits for ever. */
    public void setReadTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a read timeout must not be negative: " + timeout);
        }
        lock.lock();
        try {
            readTimeoutNanos = timeout.toNanos();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Half-close: a FIN follows the bytes written so far; reading goes on until the peer closes. Does not block.
     */
    public void shutdownOutput() {
        lock.lock();
        try {
            outputShut = true;
            requestFlush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes both directions without blocking: the bytes written so far are sent, then a FIN; if received bytes were
     * left unread, a RST instead (as Linux does). Later calls on the streams throw. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            outputShut = true;
            requestFlush();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes, then waits until the close is done on both sides (our FIN acknowledged and the peer's received:
     * CLOSED, or TIME_WAIT and a little longer, in case the peer retransmits its FIN because our last ACK was lost)
     * or {@code timeout} passes, so that a process may exit without leaving its peer waiting. Returns whether the
     * close completed in time.
     */
    public boolean closeAndAwait(Duration timeout) throws InterruptedException {
        close();
        CompletableFuture<Void> done = new CompletableFuture<>();
        driver.execute(() -> lingerCheck(done));
        try {
            CompletableFuture.anyOf(done, driver.terminated()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return done.isDone();
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("these futures never fail", e);
        }
    }

    @Override
    public String toString() {
        return "TcpStream[" + local + " -> " + remote + "]";
    }

    // ---- Application threads ----------------------------------------------------------------------------------

    /** Waits until connected or failed; on timeout, aborts the attempt. */
    void awaitConnected(Duration timeout) throws IOException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (!connected && failure == null) {
                if (remaining <= 0) {
                    abortFromApplication();
                    throw new ConnectException("connection to " + remote + " timed out after "
                            + timeout.toMillis() + " ms");
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (failure != null) {
                throw copy(failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortFromApplication();
            throw new java.io.InterruptedIOException("interrupted while connecting to " + remote);
        } finally {
            lock.unlock();
        }
    }

    private int read(byte[] into, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, into.length);
        lock.lock();
        try {
            long remaining = readTimeoutNanos;
            if (closed) {
                throw new SocketException("the stream to " + remote + " is closed");
            }
            while (received.isEmpty()) {
                if (closed) {
                    throw new SocketException("the stream to " + remote + " was closed while reading");
                }
                if (failure != null) {
                    throw copy(failure); // after the bytes that came before it
                }
                if (peerEnded) {
                    return -1;
                }
                if (length == 0) {
                    return 0;
                }
                if (readTimeoutNanos == 0) {
                    changed.await();
                } else if (remaining <= 0) {
                    throw new SocketTimeoutException("read from " + remote + " timed out after "
                            + TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) + " ms");
                } else {
                    remaining = changed.awaitNanos(remaining);
                }
            }
            int n = received.take(into, offset, length);
            // Resume the loop's pull once half the buffer is free: fewer hand-offs than one per read.
            if (pullStalled && received.free() >= received.capacity() / 2) {
                pullStalled = false;
                driver.execute(this::pull);
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading from " + remote);
        } finally {
            lock.unlock();
        }
    }

    private int available() {
        lock.lock();
        try {
            return received.size();
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] data, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, data.length);
        lock.lock();
        try {
            while (length > 0) {
                if (closed) {
                    throw new SocketException("the stream to " + remote + " is closed");
                }
                if (failure != null) {
                    throw copy(failure);
                }
                if (outputShut) {
                    throw new SocketException("output to " + remote + " was shut down");
                }
                int n = toSend.put(data, offset, length);
                if (n == 0) {
                    changed.await();
                    continue;
                }
                offset += n;
                length -= n;
                requestFlush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing to " + remote);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: makes sure a flush is on its way to the loop thread. */
    private void requestFlush() {
        if (!flushPending) {
            flushPending = true;
            driver.execute(this::flush);
        }
    }

    private void abortFromApplication() {
        closed = true;
        driver.execute(socket::abort);
    }

    // ---- The loop thread --------------------------------------------------------------------------------------

    private void connected() {
        lock.lock();
        try {
            connected = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Moves received bytes from the socket into the staging buffer, until either is exhausted. */
    private void pull() {
        lock.lock();
        try {
            if (closed || peerEnded) {
                return;
            }
            while (true) {
                if (received.free() == 0) {
                    pullStalled = true;
                    break;
                }
                int n = socket.read(received.array(), received.writePosition(), received.contiguousFree());
                if (n < 0) {
                    peerEnded = true;
                    break;
                }
                if (n == 0) {
                    break;
                }
                received.commitWrite(n);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Moves staged bytes into the socket's send buffer as far as it has room; then the half-close or close asked. */
    private void flush() {
        lock.lock();
        try {
            flushPending = false;
            while (!toSend.isEmpty()) {
                int room = socket.writableBytes();
                if (room == 0) {
                    break; // onWritable calls again
                }
                int n = socket.write(toSend.array(), toSend.readPosition(),
                        Math.min(room, toSend.contiguousReadable()));
                toSend.commitRead(n);
            }
            if (toSend.isEmpty() && !finished && failure == null) {
                if (closed && !closeApplied) {
                    closeApplied = true;
                    shutdownApplied = true;
                    if (received.isEmpty()) {
                        socket.close();
                    } else {
                        socket.abort(); // unread data: a RST tells the peer it was not read (RFC 9293 3.10.4)
                    }
                } else if (outputShut && !shutdownApplied) {
                    shutdownApplied = true;
                    socket.shutdownOutput();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void finished(TcpError error) {
        lock.lock();
        try {
            finished = true;
            if (error != null && failure == null) {
                failure = exceptionFor(error);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        pull(); // the end of the stream, if it came with the close
        whenFinished.run();
    }

    /** The driver's loop ended: nothing will move any more, so waiting threads must not wait for ever. */
    void loopEnded() {
        lock.lock();
        try {
            if (failure == null && !finished) {
                failure = new SocketException("the network loop stopped; the connection to " + remote + " is gone");
            }
            finished = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void lingerCheck(CompletableFuture<Void> done) {
        TcpState state = socket.state();
        if (state == TcpState.CLOSED) {
            done.complete(null);
        } else if (state == TcpState.TIME_WAIT) {
            // Our last ACK may be lost, and once this process is gone nobody answers the peer's retransmitted FIN
            // (it would sit in LAST-ACK): stay for about two of the peer's retransmission timeouts to re-ACK it.
            long peerRto = Math.max(MIN_PEER_RTO_NANOS, 4 * socket.srttNanos());
            driver.schedule(2 * peerRto, () -> done.complete(null));
        } else {
            driver.schedule(LINGER_CHECK_NANOS, () -> lingerCheck(done));
        }
    }

    private IOException exceptionFor(TcpError error) {
        return switch (error) {
            case REFUSED -> new ConnectException("connection to " + remote + " refused");
            case RESET -> new SocketException("connection to " + remote + " reset by peer");
            case TIMED_OUT -> connected
                    ? new SocketException("connection to " + remote + " timed out after " + config.dataRetries()
                            + " retransmissions")
                    : new ConnectException("connection to " + remote + " timed out after " + config.synRetries()
                            + " retransmissions of the SYN");
            case KEEPALIVE_TIMED_OUT -> new SocketException("connection to " + remote + " timed out: "
                    + config.keepAliveCount() + " keepalive probes unanswered");
            case ABORTED -> new SocketException("connection to " + remote + " aborted");
            case NETWORK_UNREACHABLE, HOST_UNREACHABLE, PROTOCOL_UNREACHABLE -> connected
                    ? new SocketException("connection to " + remote + ": " + error.message())
                    : new ConnectException("connection to " + remote + ": " + error.message());
        };
    }

    /** A fresh exception per throw, so each carries the stack of the call that met it. */
    private static IOException copy(IOException failure) {
        IOException again = failure instanceof ConnectException ? new ConnectException(failure.getMessage())
                : failure instanceof SocketException ? new SocketException(failure.getMessage())
                : new IOException(failure.getMessage());
        again.initCause(failure);
        return again;
    }

    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = TcpStream.this.read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            return TcpStream.this.read(into, offset, length);
        }

        @Override
        public int available() {
            return TcpStream.this.available();
        }

        @Override
        public void close() {
            TcpStream.this.close();
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            TcpStream.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            TcpStream.this.write(data, offset, length);
        }

        @Override
        public void close() {
            TcpStream.this.close();
        }
    }
}
