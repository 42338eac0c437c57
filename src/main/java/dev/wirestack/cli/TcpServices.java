package dev.wirestack.cli;

import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The TCP services of {@code wirestack serve}, echo (RFC 862) and discard (RFC 863), on the non-blocking socket API:
 * they run on the loop thread, in its callbacks, with no thread per connection. Each connection ends the way the
 * client ends it: at the end of its stream the service closes its side too (echo after the last byte echoed).
 *
 * <p>Echo reads no more than the send buffer can take, so a client that does not read its echo fills the buffers
 * and its window closes (flow control), instead of this host buffering without bound.
 */
final class TcpServices {
    private static final int BACKLOG = 128;
    private static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Host host;
    private final PrintWriter out;
    private final boolean quiet;
    private final List<TcpListener> listeners = new ArrayList<>();
    /** Open connections and whether they are closing. */
    private final Map<TcpSocket, Boolean> open = new LinkedHashMap<>();
    /** Bytes each discard connection has dropped so far, for the line printed when it ends. */
    private final Map<TcpSocket, Long> discarded = new LinkedHashMap<>();
    /** Shared by every connection: the loop runs one callback at a time. */
    private final byte[] buffer = new byte[64 * 1024];
    private long accepted;

    TcpServices(Host host, PrintWriter out, boolean quiet) {
        this.host = host;
        this.out = out;
        this.quiet = quiet;
    }

    /** Before the loop starts, or on the loop thread: TCP echo on {@code port}. */
    void echo(int port) {
        listeners.add(host.tcpListen(port, BACKLOG).onAccept(socket -> accepted(socket, "echo", this::echo)));
    }

    /** Before the loop starts, or on the loop thread: TCP discard on {@code port}. */
    void discard(int port) {
        listeners.add(host.tcpListen(port, BACKLOG).onAccept(socket -> accepted(socket, "discard", this::discard)));
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** Connections accepted so far (loop thread). */
    long accepted() {
        return accepted;
    }

    /**
     * On the loop thread: stops listening and closes every open connection (a FIN after what was echoed), then
     * completes once each has finished closing (TIME_WAIT or CLOSED: the peer has our FIN and we have its) or when
     * {@code graceNanos} have passed, whichever is first.
     */
    CompletableFuture<Void> closeAll(RealTimeDriver driver, long graceNanos) {
        listeners.forEach(TcpListener::close);
        for (TcpSocket socket : List.copyOf(open.keySet())) { // a close may end a connection, and remove it, at once
            endOfStream(socket);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        checkClosed(driver, done, driver.now() + graceNanos);
        return done;
    }

    private void checkClosed(RealTimeDriver driver, CompletableFuture<Void> done, long deadline) {
        boolean allClosed = open.keySet().stream()
                .allMatch(socket -> socket.state() == TcpState.TIME_WAIT || socket.state() == TcpState.CLOSED);
        if (allClosed || driver.now() >= deadline) {
            done.complete(null);
        } else {
            driver.schedule(CLOSE_CHECK_NANOS, () -> checkClosed(driver, done, deadline));
        }
    }

    private interface Pump {
        void run(TcpSocket socket);
    }

    private void accepted(TcpSocket socket, String service, Pump pump) {
        accepted++;
        open.put(socket, false);
        if (!quiet) {
            out.println("wirestack: " + service + " connection from " + socket.remoteEndpoint());
            out.flush();
        }
        socket.onReadable(s -> pumpUnlessClosing(s, pump))
                .onWritable(s -> pumpUnlessClosing(s, pump))
                .onClosed((s, error) -> {
                    open.remove(s);
                    discarded.remove(s);
                });
    }

    private void pumpUnlessClosing(TcpSocket socket, Pump pump) {
        if (Boolean.FALSE.equals(open.get(socket))) {
            pump.run(socket);
        }
    }

    /** RFC 862: every byte back, as far as the send buffer has room; at the end of the stream, close. */
    private void echo(TcpSocket socket) {
        int room;
        while ((room = socket.writableBytes()) > 0) {
            int n = socket.read(buffer, 0, Math.min(room, buffer.length));
            if (n < 0) {
                endOfStream(socket);
                return;
            }
            if (n == 0) {
                return;
            }
            socket.write(buffer, 0, n);
        }
    }

    /** RFC 863: every byte read and dropped; at the end of the stream, say how many, and close. */
    private void discard(TcpSocket socket) {
        int n;
        long total = discarded.getOrDefault(socket, 0L);
        while ((n = socket.read(buffer, 0, buffer.length)) > 0) {
            total += n;
        }
        discarded.put(socket, total);
        if (n < 0) {
            discarded.remove(socket);
            if (!quiet) {
                out.println("wirestack: discarded " + total + " bytes from " + socket.remoteEndpoint());
                out.flush();
            }
            endOfStream(socket);
        }
    }

    private void endOfStream(TcpSocket socket) {
        open.replace(socket, true);
        socket.close();
    }
}
