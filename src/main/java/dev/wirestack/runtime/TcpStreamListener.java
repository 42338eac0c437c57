package dev.wirestack.runtime;

import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import java.io.Closeable;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening port of a host run by a {@link RealTimeDriver}, with a blocking {@link #accept}: what
 * {@link java.net.ServerSocket} is to the kernel. Made by {@link TcpStreams#listen}.
 */
public final class TcpStreamListener implements Closeable {
    private final RealTimeDriver driver;
    private final int port;
    private final int backlog;
    private final Function<TcpSocket, TcpStream> adopt;
    private final Consumer<TcpStreamListener> whenClosed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Connections the loop has accepted and the application not yet taken; at most the backlog. */
    private final ArrayDeque<TcpStream> ready = new ArrayDeque<>();
    private TcpListener listener;
    private boolean closed;
    private boolean loopEnded;

    TcpStreamListener(RealTimeDriver driver, int port, int backlog, Function<TcpSocket, TcpStream> adopt,
                      Consumer<TcpStreamListener> whenClosed) {
        this.driver = driver;
        this.port = port;
        this.backlog = backlog;
        this.adopt = adopt;
        this.whenClosed = whenClosed;
    }

    /** On the loop thread: takes every connection the host's listener completes. */
    void attach(TcpListener hostListener) {
        this.listener = hostListener;
        hostListener.onAccept(this::offer);
    }

    public int port() {
        return port;
    }

    /**
     * Waits for the next established connection; a zero {@code timeout} waits for ever.
     *
     * @throws SocketTimeoutException if {@code timeout} passes first
     * @throws SocketException        once the listener is closed or the loop has stopped
     */
    public TcpStream accept(Duration timeout) throws java.io.IOException {
        lock.lock();
        try {
            long remaining = timeout.toNanos();
            while (ready.isEmpty()) {
                if (closed) {
                    throw new SocketException("the listener on port " + port + " is closed");
                }
                if (loopEnded) {
                    throw new SocketException("the network loop has stopped; port " + port + " listens no more");
                }
                if (timeout.isZero()) {
                    changed.await();
                } else if (remaining <= 0) {
                    throw new SocketTimeoutException("no connection to port " + port + " within "
                            + timeout.toMillis() + " ms");
                } else {
                    remaining = changed.awaitNanos(remaining);
                }
            }
            return ready.poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while accepting on port " + port);
        } finally {
            lock.unlock();
        }
    }

    /** Stops listening; connections accepted but not taken are closed. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ready.forEach(TcpStream::close);
            ready.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        driver.execute(() -> {
            listener.close();
            whenClosed.accept(this);
        });
    }

    /** On the loop thread: a connection completed its handshake. Beyond the backlog, or after close, it is reset. */
    private void offer(TcpSocket socket) {
        lock.lock();
        try {
            if (closed || ready.size() >= backlog) {
                socket.abort();
                return;
            }
            ready.add(adopt.apply(socket));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void loopEnded() {
        lock.lock();
        try {
            loopEnded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "TcpStreamListener[port " + port + "]";
    }
}
