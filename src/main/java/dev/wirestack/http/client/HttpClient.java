package dev.wirestack.http.client;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.HttpEvent;
import dev.wirestack.http.tls.ClientTls;
import dev.wirestack.http.tls.TlsNetwork;
import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.Network;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * An HTTP/1.1 client over any {@link Network}: keep-alive connections pooled per origin, chunked and gzip decoding,
 * redirects, timeouts; https:// URLs over TLS ({@link ClientConfig#tls()}), the certificate verified by default. {@link #send} may be called from any thread; the work and the callbacks happen on the
 * network's loop, and the future completes there.
 *
 * <pre>{@code
 * var client = new HttpClient(network, ClientConfig.DEFAULT);
 * client.send(ClientRequest.get("http://10.2.0.2/index.html")).thenAccept(r -> ...);
 * }</pre>
 */
public final class HttpClient {
    private final Network network;
    private final EventLoop loop;
    private final ClientConfig config;
    private Network tlsNetwork;
    private final Map<String, ArrayDeque<ClientConnection>> idle = new HashMap<>();
    private int connectionsOpened;

    public HttpClient(Network network, ClientConfig config) {
        this.network = Objects.requireNonNull(network, "network");
        this.loop = network.loop();
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Sends {@code request}, following redirects; completes with the final response or an {@link HttpClientException}. */
    public CompletableFuture<ClientResponse> send(ClientRequest request) {
        return send(request, BodyProgress.NONE);
    }

    /** Sends {@code request} as {@link #send(ClientRequest)} does, telling {@code progress} how the body comes. */
    public CompletableFuture<ClientResponse> send(ClientRequest request, BodyProgress progress) {
        return send(request, progress, null);
    }

    /**
     * Sends {@code request} as {@link #send(ClientRequest, BodyProgress)} does, writing the final response's body to
     * the stream {@code sink} opens for it (null: collected in memory), so a large download is never held whole.
     */
    public CompletableFuture<ClientResponse> send(ClientRequest request, BodyProgress progress, BodySink sink) {
        Objects.requireNonNull(progress, "progress");
        CompletableFuture<ClientResponse> result = new CompletableFuture<>();
        loop.execute(() -> attempt(request, 0, result, new Receiving(progress, sink)));
        return result;
    }

    /** How the caller takes a response body: progress reports, and the sink for the final one, if any. */
    private record Receiving(BodyProgress progress, BodySink sink) {
    }

    /** An IOException of the caller's stream, told apart from a malformed gzip body decoded in front of it. */
    private static final class SinkFailure extends IOException {
        SinkFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The caller's stream, its failures marked as {@link SinkFailure}. */
    private static final class SinkStream extends FilterOutputStream {
        SinkStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws SinkFailure {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }

        @Override
        public void close() throws SinkFailure {
            try {
                out.close();
            } catch (IOException e) {
                throw new SinkFailure(e);
            }
        }
    }

    private static HttpClientException sinkError(IOException e, String origin) {
        return e instanceof SinkFailure
                ? new HttpClientException(HttpClientException.Kind.SINK, "cannot write the body: " + e.getMessage())
                : new HttpClientException(HttpClientException.Kind.PROTOCOL, "undecodable gzip body from " + origin
                + ": " + e.getMessage());
    }

    private static boolean isRedirect(HttpEvent.Response response) {
        int status = response.status();
        return response.headers().get("Location") != null && (status == 301 || status == 302 || status == 303
                || status == 307 || status == 308);
    }

    private boolean decodesGzip(ClientRequest request, HttpEvent.Response response) {
        return config.acceptGzip() && response.headers().hasToken("Content-Encoding", "gzip")
                && !request.method().equals("HEAD");
    }

    /** Connections opened so far (the rest of the requests reused pooled ones). Read it on the loop. */
    public int connectionsOpened() {
        return connectionsOpened;
    }

    private void attempt(ClientRequest request, int redirects, CompletableFuture<ClientResponse> result,
                         Receiving receiving) {
        URI uri = request.uri();
        if (!isHttps(uri) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            result.completeExceptionally(new HttpClientException(HttpClientException.Kind.UNSUPPORTED,
                    "only http:// and https:// URLs with a host can be fetched: " + uri));
            return;
        }
        withConnection(uri, false, result, connection -> exchange(connection, request, redirects, result, true,
                receiving));
    }

    private static boolean isHttps(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : isHttps(uri) ? 443 : 80;
    }

    /** The TLS network, made at the first https:// URL (the default trust store is read then, not before). */
    private Network transportFor(URI uri) {
        if (!isHttps(uri)) {
            return network;
        }
        if (tlsNetwork == null) {
            tlsNetwork = TlsNetwork.client(network, config.tls() != null ? config.tls() : ClientTls.systemDefault());
        }
        return tlsNetwork;
    }

    /** Hands {@code use} a pooled connection to the origin of {@code uri} (unless {@code fresh}) or a new one. */
    private void withConnection(URI uri, boolean fresh, CompletableFuture<ClientResponse> result,
                                Consumer<ClientConnection> use) {
        String host = uri.getHost();
        int port = port(uri);
        // Connections are pooled per scheme, host and port (RFC 6454 origin): never plain HTTP for an https URL.
        String origin = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        ArrayDeque<ClientConnection> pooled = fresh ? null : idle.get(origin);
        ClientConnection connection;
        while (pooled != null && (connection = pooled.pollLast()) != null) {
            if (connection.usable()) {
                use.accept(connection);
                return;
            }
        }
        EventLoop.Cancellable timeout = loop.schedule(config.connectTimeout().toNanos(), () ->
                result.completeExceptionally(new HttpClientException(HttpClientException.Kind.TIMEOUT,
                        "no connection to " + origin + " within " + config.connectTimeout())));
        connectionsOpened++;
        transportFor(uri).connect(host, port, new Network.ConnectHandler() {
            @Override
            public void connected(Connection transport) {
                timeout.cancel();
                ClientConnection[] self = new ClientConnection[1];
                self[0] = new ClientConnection(transport, origin, config, () -> release(self[0]),
                        () -> forget(self[0]));
                if (result.isDone()) {
                    transport.close(); // timed out meanwhile
                    return;
                }
                use.accept(self[0]);
            }

            @Override
            public void failed(String reason) {
                timeout.cancel();
                result.completeExceptionally(new HttpClientException(HttpClientException.Kind.CONNECT_FAILED, reason));
            }
        });
    }

    private void exchange(ClientConnection connection, ClientRequest request, int redirects,
                          CompletableFuture<ClientResponse> result, boolean mayRetry, Receiving receiving) {
        URI uri = request.uri();
        Headers headers = request.headers();
        if (!headers.has("Host")) {
            headers = headers.with("Host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        }
        if (request.body().length > 0 || request.method().equals("POST") || request.method().equals("PUT")) {
            headers = headers.set("Content-Length", Integer.toString(request.body().length));
        }
        if (config.acceptGzip() && !headers.has("Accept-Encoding")) {
            headers = headers.with("Accept-Encoding", "gzip");
        }
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        HttpEvent.Request head = new HttpEvent.Request(request.method(), target, headers);
        EventLoop.Cancellable[] timeout = new EventLoop.Cancellable[1];
        timeout[0] = loop.schedule(config.responseTimeout().toNanos(), () -> connection.abort(
                new HttpClientException(HttpClientException.Kind.TIMEOUT, "no complete response from "
                        + connection.origin() + " within " + config.responseTimeout())));
        connection.send(head, request.body(), new ClientConnection.Exchange() {
            /** Where a streamed body goes (through a gzip decoder if need be); null while nothing is streamed. */
            private OutputStream streamed;

            @Override
            public boolean streams(HttpEvent.Response response) throws HttpClientException {
                if (receiving.sink() == null || isRedirect(response) || request.method().equals("HEAD")) {
                    return false;
                }
                OutputStream opened;
                try {
                    opened = receiving.sink().open(response.status(), response.headers());
                } catch (IOException e) {
                    throw new HttpClientException(HttpClientException.Kind.SINK, "cannot open where the body goes: "
                            + e.getMessage());
                }
                if (opened == null) {
                    return false;
                }
                OutputStream sink = new SinkStream(opened);
                streamed = decodesGzip(request, response)
                        ? new GunzipOutputStream(sink, config.limits().maxBodyBytes()) : sink;
                return true;
            }

            @Override
            public void bodyData(HttpEvent.Response response, byte[] data) throws HttpClientException {
                try {
                    streamed.write(data, 0, data.length);
                } catch (IOException e) {
                    throw sinkError(e, connection.origin());
                }
            }

            @Override
            public void completed(HttpEvent.Response response, byte[] body) {
                timeout[0].cancel();
                if (streamed != null) {
                    OutputStream finished = streamed;
                    streamed = null;
                    try {
                        finished.close(); // a gzip body's trailer is checked here
                    } catch (IOException e) {
                        result.completeExceptionally(sinkError(e, connection.origin()));
                        return;
                    }
                    result.complete(new ClientResponse(response.status(), response.reason(), response.headers(),
                            new byte[0], request.uri(), redirects, response.version()));
                    return;
                }
                answered(request, response, body, redirects, result, receiving);
            }

            @Override
            public void bodyProgress(HttpEvent.Response response, long bytes) {
                String length = response.headers().get("Content-Length");
                receiving.progress().received(bytes, length == null ? -1 : parseLength(length));
            }

            @Override
            public void failed(HttpClientException error, boolean beforeResponse) {
                timeout[0].cancel();
                if (streamed != null) {
                    closeQuietly(streamed);
                    streamed = null;
                }
                if (mayRetry && beforeResponse && connection.reused() && request.idempotent()
                        && error.kind() == HttpClientException.Kind.CLOSED) {
                    // RFC 9112 section 9.3.1: a pooled connection the server had closed; retry once on a new one.
                    withConnection(uri, true, result, fresh -> exchange(fresh, request, redirects, result, false,
                            receiving));
                    return;
                }
                result.completeExceptionally(error);
            }
        });
    }

    private void answered(ClientRequest request, HttpEvent.Response response, byte[] body, int redirects,
                          CompletableFuture<ClientResponse> result, Receiving receiving) {
        int status = response.status();
        String location = response.headers().get("Location");
        if (isRedirect(response)) {
            if (redirects >= config.maxRedirects()) {
                result.completeExceptionally(new HttpClientException(HttpClientException.Kind.TOO_MANY_REDIRECTS,
                        "more than " + config.maxRedirects() + " redirects, the last to " + location));
                return;
            }
            URI next;
            try {
                next = request.uri().resolve(location);
            } catch (IllegalArgumentException e) {
                result.completeExceptionally(new HttpClientException(HttpClientException.Kind.PROTOCOL,
                        "invalid Location '" + location + "'"));
                return;
            }
            // RFC 9110 section 15.4: 303 always, and 301/302 after POST as user agents do, become GET without a
            // body; 307 and 308 repeat the method and body.
            boolean toGet = (status == 303 && !request.method().equals("HEAD"))
                    || ((status == 301 || status == 302) && request.method().equals("POST"));
            Headers headers = request.headers().without("Host");
            ClientRequest followed = toGet
                    ? new ClientRequest("GET", next, headers.without("Content-Type").without("Content-Length"),
                    new byte[0])
                    : new ClientRequest(request.method(), next, headers, request.body());
            attempt(followed, redirects + 1, result, receiving);
            return;
        }
        byte[] decoded = body;
        if (decodesGzip(request, response) && body.length > 0) {
            try {
                decoded = gunzip(body, config.limits().maxBodyBytes());
            } catch (IOException e) {
                result.completeExceptionally(new HttpClientException(HttpClientException.Kind.PROTOCOL,
                        "undecodable gzip body: " + e.getMessage()));
                return;
            }
        }
        result.complete(new ClientResponse(status, response.reason(), response.headers(), decoded, request.uri(),
                redirects, response.version()));
    }

    /** A stream given up on (the exchange failed): whatever it says as it closes changes nothing. */
    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the exchange has failed already, with its own error
        }
    }

    /** The Content-Length for progress only (the codec has already checked it frames the body), -1 if odd. */
    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Decompresses, refusing output beyond {@code limit} (a gzip bomb). */
    static byte[] gunzip(byte[] compressed, long limit) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + (long) n > limit) {
                    throw new IOException("decoded body beyond the limit of " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private void release(ClientConnection connection) {
        ArrayDeque<ClientConnection> pooled = idle.computeIfAbsent(connection.origin(), o -> new ArrayDeque<>());
        if (pooled.size() < config.maxIdlePerOrigin()) {
            pooled.addLast(connection);
        } else {
            connection.abort(new HttpClientException(HttpClientException.Kind.CLOSED, "pool full"));
        }
    }

    private void forget(ClientConnection connection) {
        ArrayDeque<ClientConnection> pooled = idle.get(connection.origin());
        if (pooled != null) {
            pooled.remove(connection);
        }
    }

    /** Closes the idle connections (on the loop). */
    public void close() {
        loop.execute(() -> {
            List<ClientConnection> all = idle.values().stream().flatMap(ArrayDeque::stream).toList();
            idle.clear();
            all.forEach(c -> c.abort(new HttpClientException(HttpClientException.Kind.CLOSED, "client closed")));
        });
    }
}
