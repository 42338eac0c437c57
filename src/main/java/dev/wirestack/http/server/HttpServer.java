package dev.wirestack.http.server;

import dev.wirestack.http.tls.TlsNetwork;
import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.Network;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An HTTP/1.0 and 1.1 server: one {@link HttpHandler} behind the codec, on any {@link Network}: Wirestack TCP or the
 * JDK's sockets.
 *
 * <pre>{@code
 * var server = new HttpServer(new StaticFileHandler(root), ServerConfig.DEFAULT);
 * var listening = server.serve(new WirestackNetwork(host, loop), 80);
 * }</pre>
 *
 * <p>With {@link ServerConfig#tls()} set, every connection speaks TLS first (HTTPS).
 */
public final class HttpServer {
    private final HttpHandler handler;
    private final ServerConfig config;
    private final DateField dates;
    /** Every connection not yet ended, on whichever loop it runs; and every listener, with its loop. */
    private final Set<ServerConnection> open = ConcurrentHashMap.newKeySet();
    private final Queue<Map.Entry<Network.Listening, EventLoop>> listenings = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();
    private volatile boolean shuttingDown;

    public HttpServer(HttpHandler handler, ServerConfig config) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.config = Objects.requireNonNull(config, "config");
        this.dates = config.wallClock() == null ? null : new DateField(config.wallClock());
    }

    /**
     * Listens on {@code port} of {@code network} and serves every connection that comes (over TLS if configured).
     * One server may serve on several networks, each with its own loop.
     */
    public Network.Listening serve(Network network, int port) throws IOException {
        Network transport = config.tls() == null ? network : TlsNetwork.server(network, config.tls());
        Network.Listening listening = transport.listen(port, connection -> accept(connection, connection.loop()));
        listenings.add(Map.entry(listening, network.loop()));
        return listening;
    }

    private void accept(Connection transport, EventLoop loop) {
        ServerConnection[] self = new ServerConnection[1];
        self[0] = new ServerConnection(transport, loop, config, handler, dates, () -> ended(self[0]));
        open.add(self[0]);
        self[0].start();
        if (shuttingDown) {
            self[0].shutdown(); // accepted as the listener closed
        }
    }

    private void ended(ServerConnection connection) {
        if (open.remove(connection) && shuttingDown && open.isEmpty()) {
            shutDown.complete(null);
        }
    }

    /**
     * Shuts down gracefully, from any thread: stops listening, closes idle connections at once (FIN) and every other
     * after its response in progress, which says {@code Connection: close}. The future completes once every
     * connection has ended; a client that neither reads nor closes holds its connection at most the linger time
     * after its last response, or the keep-alive timeouts before.
     */
    public CompletableFuture<Void> shutdown() {
        shuttingDown = true;
        for (Map.Entry<Network.Listening, EventLoop> listening : listenings) {
            listening.getValue().execute(listening.getKey()::close);
        }
        for (ServerConnection connection : open) {
            connection.loop().execute(connection::shutdown);
        }
        if (open.isEmpty()) {
            shutDown.complete(null);
        }
        return shutDown;
    }
}
