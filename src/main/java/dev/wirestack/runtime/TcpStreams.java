package dev.wirestack.runtime;

import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * Blocking TCP for the applications of a host that a started {@link RealTimeDriver} runs: {@link #connect} and
 * {@link #listen}, from any thread (virtual threads welcome). Every call on the host and its sockets is handed to
 * the loop thread with {@link RealTimeDriver#execute}; application threads only wait.
 *
 * <p>If the driver's loop ends, every stream and listener made here fails its waiting and later calls with a
 * {@link SocketException}, rather than leaving a thread waiting for ever.
 */
public final class TcpStreams {
    private final RealTimeDriver driver;
    private final Host host;
    private final TcpConfig config;
    private final Set<TcpStream> liveStreams = ConcurrentHashMap.newKeySet();
    private final Set<TcpStreamListener> liveListeners = ConcurrentHashMap.newKeySet();

    /** Streams on {@code host}, which {@code driver} runs, with {@link TcpConfig#DEFAULT}. */
    public TcpStreams(RealTimeDriver driver, Host host) {
        this(driver, host, TcpConfig.DEFAULT);
    }

    /** Streams on {@code host}, which {@code driver} runs; every connection gets {@code config}. */
    public TcpStreams(RealTimeDriver driver, Host host, TcpConfig config) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.host = Objects.requireNonNull(host, "host");
        this.config = Objects.requireNonNull(config, "config");
        driver.terminated().thenRun(() -> {
            liveStreams.forEach(TcpStream::loopEnded);
            liveListeners.forEach(TcpStreamListener::loopEnded);
        });
    }

    /**
     * Opens a connection to {@code destination}:{@code port} and waits until it is established.
     *
     * @throws java.net.ConnectException if it is refused (RST), the SYN's retransmissions run out, or
     *                                   {@code timeout} passes first (the attempt is then abandoned)
     * @throws NoRouteToHostException    if the host has no route to {@code destination}
     */
    public TcpStream connect(Ipv4Address destination, int port, Duration timeout) throws IOException {
        Objects.requireNonNull(destination, "destination");
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
        }
        TcpStream stream = onLoop(() -> adopt(host.tcpConnect(destination, port, config), false));
        stream.awaitConnected(timeout);
        return stream;
    }

    /**
     * Listens on {@code port} of all the host's addresses; at most {@code backlog} established connections wait for
     * {@link TcpStreamListener#accept} (more are reset).
     *
     * @throws BindException if the port is already listened on
     */
    public TcpStreamListener listen(int port, int backlog) throws IOException {
        if (backlog < 1) {
            throw new IllegalArgumentException("a backlog is at least 1, not " + backlog);
        }
        return onLoop(() -> {
            TcpStreamListener made = new TcpStreamListener(driver, port, backlog, this::adoptAccepted,
                    liveListeners::remove);
            made.attach(host.tcpListen(Ipv4Address.ANY, port, backlog, backlog, config));
            liveListeners.add(made);
            return made;
        });
    }

    /** On the loop thread: a stream over {@code socket}, which fails when the loop ends. */
    private TcpStream adopt(TcpSocket socket, boolean connected) {
        TcpStream[] stream = new TcpStream[1];
        stream[0] = new TcpStream(driver, socket, config, connected, () -> liveStreams.remove(stream[0]));
        liveStreams.add(stream[0]);
        return stream[0];
    }

    private TcpStream adoptAccepted(TcpSocket socket) {
        return adopt(socket, true);
    }

    /** Runs {@code task} on the loop thread and returns its result; its exceptions become IOExceptions. */
    private <T> T onLoop(Supplier<T> task) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        driver.execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            CompletableFuture.anyOf(result, driver.terminated()).get();
            if (!result.isDone()) {
                throw new SocketException("the network loop has stopped");
            }
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the network loop");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException refused) {
                String message = refused.getMessage();
                throw message.startsWith("no route") ? new NoRouteToHostException(message)
                        : message.contains("already listened on") ? new BindException(message)
                        : new SocketException(message);
            }
            if (e.getCause() instanceof RuntimeException misuse) {
                throw misuse; // a bad argument, as the host reported it
            }
            throw new IOException(e.getCause());
        }
    }
}
