package dev.wirestack.http.tls;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.Network;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * TLS over any {@link Network}: accepted connections are {@link TlsConnection}s in the server role, handed over at
 * once (their handshake runs while the server's header timer runs); outgoing ones are handed over only when their
 * handshake completed, so a failed handshake is a failed connect with the reason.
 */
public final class TlsNetwork implements Network {
    private final Network inner;
    private final ServerTls server;
    private final ClientTls client;

    private TlsNetwork(Network inner, ServerTls server, ClientTls client) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.server = server;
        this.client = client;
    }

    /** Listens with TLS; connecting is refused. */
    public static TlsNetwork server(Network inner, ServerTls tls) {
        return new TlsNetwork(inner, Objects.requireNonNull(tls, "tls"), null);
    }

    /** Connects with TLS; listening is refused. */
    public static TlsNetwork client(Network inner, ClientTls tls) {
        return new TlsNetwork(inner, null, Objects.requireNonNull(tls, "tls"));
    }

    @Override
    public EventLoop loop() {
        return inner.loop();
    }

    @Override
    public Listening listen(int port, Consumer<Connection> onAccept) throws IOException {
        if (server == null) {
            throw new IllegalStateException("a client-side TLS network cannot listen");
        }
        return inner.listen(port, connection -> {
            TlsConnection tls = new TlsConnection(connection, server.newEngine(), connection.loop(), server.options());
            onAccept.accept(tls);
            tls.start(null);
        });
    }

    @Override
    public void connect(String host, int port, ConnectHandler handler) {
        if (client == null) {
            throw new IllegalStateException("a server-side TLS network cannot connect");
        }
        inner.connect(host, port, new ConnectHandler() {
            @Override
            public void connected(Connection connection) {
                TlsConnection tls = new TlsConnection(connection, client.newEngine(host, port), connection.loop(),
                        client.options());
                tls.start(new TlsConnection.HandshakeListener() {
                    @Override
                    public void completed(TlsConnection done) {
                        handler.connected(done);
                    }

                    @Override
                    public void failed(TlsConnection failed, String reason) {
                        handler.failed("TLS handshake with " + host + ":" + port + " failed: " + reason);
                    }
                });
            }

            @Override
            public void failed(String reason) {
                handler.failed(reason);
            }
        });
    }
}
