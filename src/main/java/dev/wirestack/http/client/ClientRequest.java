package dev.wirestack.http.client;

import dev.wirestack.http.codec.Headers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A request to send: method, absolute http URL, extra header fields, and a body (empty for none). */
public record ClientRequest(String method, URI uri, Headers headers, byte[] body) {
    public ClientRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(headers, "headers");
        body = body.clone();
    }

    public static ClientRequest get(String url) {
        return new ClientRequest("GET", URI.create(url), Headers.EMPTY, new byte[0]);
    }

    public static ClientRequest head(String url) {
        return new ClientRequest("HEAD", URI.create(url), Headers.EMPTY, new byte[0]);
    }

    public static ClientRequest delete(String url) {
        return new ClientRequest("DELETE", URI.create(url), Headers.EMPTY, new byte[0]);
    }

    public static ClientRequest post(String url, String contentType, byte[] body) {
        return new ClientRequest("POST", URI.create(url), Headers.of("Content-Type", contentType), body);
    }

    public static ClientRequest put(String url, String contentType, byte[] body) {
        return new ClientRequest("PUT", URI.create(url), Headers.of("Content-Type", contentType), body);
    }

    public static ClientRequest post(String url, String text) {
        return post(url, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public ClientRequest withHeader(String name, String value) {
        return new ClientRequest(method, uri, headers.with(name, value), body);
    }

    /** RFC 9110 section 9.2.2: a request that may be sent again when a reused connection turned out closed. */
    boolean idempotent() {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE" -> true;
            default -> false;
        };
    }
}
