package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One request and its response, on the connection's event loop. The body comes in through {@link #onBody}
 * (register it in the handler, before it returns); the response goes out through {@link #respond}, once.
 */
public final class HttpExchange {
    private final ServerConnection connection;
    private final HttpRequest request;
    private BodyListener bodyListener;
    private boolean responded;

    HttpExchange(ServerConnection connection, HttpRequest request) {
        this.connection = connection;
        this.request = request;
    }

    public HttpRequest request() {
        return request;
    }

    /**
     * Receives the request body as it arrives. For a client waiting on {@code Expect: 100-continue}, this is what
     * sends the 100 Continue.
     */
    public void onBody(BodyListener listener) {
        this.bodyListener = Objects.requireNonNull(listener, "listener");
        connection.bodyWanted(this);
    }

    /** Receives the whole request body at once (at most the server's body limit, held in memory). */
    public void readBody(Consumer<byte[]> whole) {
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        onBody(new BodyListener() {
            @Override
            public void onData(byte[] data) {
                collected.writeBytes(data);
            }

            @Override
            public void onEnd(Headers trailers) {
                whole.accept(collected.toByteArray());
            }
        });
    }

    /**
     * Sends the response. Ignored once the connection has failed.
     *
     * @throws IllegalStateException on a second response
     */
    public void respond(HttpResponse response) {
        Objects.requireNonNull(response, "response");
        if (responded) {
            throw new IllegalStateException("already responded to " + request.method() + " " + request.target());
        }
        responded = true;
        connection.respond(this, response);
    }

    public boolean responded() {
        return responded;
    }

    BodyListener bodyListener() {
        return bodyListener;
    }
}
