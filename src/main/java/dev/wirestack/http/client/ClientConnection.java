package dev.wirestack.http.client;

import dev.wirestack.http.codec.ConnState;
import dev.wirestack.http.codec.Http1Connection;
import dev.wirestack.http.codec.HttpEvent;
import dev.wirestack.http.codec.RemoteProtocolError;
import dev.wirestack.http.codec.Role;
import dev.wirestack.http.codec.Signal;
import dev.wirestack.http.codec.Step;
import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.WriteQueue;

import java.io.ByteArrayOutputStream;

/**
 * One client connection: one exchange at a time, then back to the pool if both sides keep it alive. An idle pooled
 * connection that the server closes is noticed (its end of stream is read) and dropped.
 */
final class ClientConnection implements Connection.Listener {
    /** What the connection reports about the exchange in progress. */
    interface Exchange {
        /** The response is complete; {@code body} is empty when it was streamed to {@link #bodyData}. */
        void completed(HttpEvent.Response head, byte[] body);

        /** A final response's head arrived: whether its body goes to {@link #bodyData} rather than being collected. */
        default boolean streams(HttpEvent.Response head) throws HttpClientException {
            return false;
        }

        /** Body bytes of a streamed response, as they arrive. */
        default void bodyData(HttpEvent.Response head, byte[] data) throws HttpClientException {
        }

        /** Body bytes arrived: {@code bytes} so far, of {@code head}'s response. */
        default void bodyProgress(HttpEvent.Response head, long bytes) {
        }

        /** {@code beforeResponse}: no byte of a response had arrived (a stale pooled connection). */
        void failed(HttpClientException error, boolean beforeResponse);
    }

    private final Connection transport;
    private final String origin;
    private final Http1Connection codec;
    private final WriteQueue outbound;
    private final Runnable onIdle;
    private final Runnable onDead;
    private final byte[] readBuffer = new byte[16384];
    private Exchange exchange;
    private HttpEvent.Response head;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** The body of the current response goes to the exchange as it comes, not into {@link #body}. */
    private boolean streaming;
    /** Body bytes of the current response so far, streamed or collected. */
    private long received;
    private boolean responseStarted;
    private boolean dead;
    /** How many exchanges this connection has carried, so a caller can tell a reused one. */
    private int exchanges;

    ClientConnection(Connection transport, String origin, ClientConfig config, Runnable onIdle, Runnable onDead) {
        this.transport = transport;
        this.origin = origin;
        this.codec = new Http1Connection(Role.CLIENT, config.limits());
        this.outbound = new WriteQueue(transport);
        this.onIdle = onIdle;
        this.onDead = onDead;
        transport.listener(this);
    }

    String origin() {
        return origin;
    }

    boolean reused() {
        return exchanges > 1;
    }

    boolean usable() {
        return !dead && codec.ourState() == ConnState.IDLE && codec.theirState() == ConnState.IDLE;
    }

    void send(HttpEvent.Request request, byte[] requestBody, Exchange newExchange) {
        exchange = newExchange;
        exchanges++;
        head = null;
        body.reset();
        streaming = false;
        received = 0;
        responseStarted = false;
        outbound.add(codec.send(request));
        if (requestBody.length > 0) {
            outbound.add(codec.send(new HttpEvent.Data(requestBody)));
        }
        outbound.add(codec.send(HttpEvent.EndOfMessage.NO_TRAILERS));
        outbound.flush();
        onReadable(); // a response (or an end of stream) may already be waiting
    }

    @Override
    public void onReadable() {
        while (!dead) {
            Step step;
            try {
                step = codec.nextEvent();
            } catch (RemoteProtocolError e) {
                die(new HttpClientException(HttpClientException.Kind.PROTOCOL, e.getMessage()));
                return;
            }
            switch (step) {
                case Signal.NEED_DATA, Signal.PAUSED -> {
                    int n = transport.read(readBuffer, 0, readBuffer.length);
                    if (n > 0) {
                        responseStarted |= exchange != null;
                        codec.receiveData(readBuffer, 0, n);
                    } else if (n < 0) {
                        codec.receiveEof();
                    } else {
                        return;
                    }
                }
                case HttpEvent.Response response -> {
                    if (!response.isInformational()) {
                        head = response;
                        received = 0;
                        try {
                            streaming = exchange != null && exchange.streams(response);
                        } catch (HttpClientException e) {
                            die(e);
                            return;
                        }
                    }
                }
                case HttpEvent.Data data -> {
                    received += data.bytes().length;
                    if (exchange != null && head != null) {
                        try {
                            if (streaming) {
                                exchange.bodyData(head, data.bytes());
                            } else {
                                body.writeBytes(data.bytes());
                            }
                        } catch (HttpClientException e) {
                            die(e);
                            return;
                        }
                        exchange.bodyProgress(head, received);
                    }
                }
                case HttpEvent.EndOfMessage end -> complete();
                case HttpEvent.ConnectionClosed closed -> {
                    die(new HttpClientException(HttpClientException.Kind.CLOSED,
                            "the server closed the connection to " + origin + " before responding"));
                    return;
                }
                case HttpEvent.Request request -> throw new IllegalStateException("a client codec read a request");
            }
        }
    }

    private void complete() {
        Exchange done = exchange;
        exchange = null;
        if (done == null) {
            die(new HttpClientException(HttpClientException.Kind.PROTOCOL, "a response nobody asked for"));
            return;
        }
        HttpEvent.Response response = head;
        byte[] received = body.toByteArray();
        body.reset();
        if (usable()) {
            onIdle.run();
        } else {
            dead = true;
            transport.close();
            onDead.run();
        }
        done.completed(response, received);
    }

    @Override
    public void onWritable() {
        outbound.flush();
    }

    @Override
    public void onClosed(String error) {
        die(new HttpClientException(HttpClientException.Kind.CLOSED, "the connection to " + origin
                + (error == null ? " closed" : " failed: " + error) + " before the response was complete"));
    }

    /** Gives up on the connection (a timeout, an error) and tells the exchange, if any. */
    void abort(HttpClientException error) {
        die(error);
    }

    private void die(HttpClientException error) {
        if (dead) {
            return;
        }
        dead = true;
        transport.abort();
        onDead.run();
        Exchange failed = exchange;
        exchange = null;
        if (failed != null) {
            failed.failed(error, !responseStarted);
        }
    }
}
