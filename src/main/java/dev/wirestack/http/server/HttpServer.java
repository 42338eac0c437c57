package dev.wirestack.http.server;

import dev.wirestack.http.tls.TlsNetwork;
import dev.wirestack.http.transport.Network;

import java.io.IOException;
import java.util.Objects;

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

    public HttpServer(HttpHandler handler, ServerConfig config) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.config = Objects.requireNonNull(config, "config");
        this.dates = config.wallClock() == null ? null : new DateField(config.wallClock());
    }

    /** Listens on {@code port} of {@code network} and serves every connection that comes (over TLS if configured). */
    public Network.Listening serve(Network network, int port) throws IOException {
        Network transport = config.tls() == null ? network : TlsNetwork.server(network, config.tls());
        return transport.listen(port, connection ->
                new ServerConnection(connection, network.loop(), config, handler, dates).start());
    }
}
