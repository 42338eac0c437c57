package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.StatusCodes;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A response: status, header fields and a body the server pulls. Content-Length comes from the body when it knows
 * its length; Date, Server and the framing and Connection fields are the server's to add.
 *
 * <p>Single-use, like its {@link Body}: send each response once, and build a new one for every request.
 */
public record HttpResponse(int status, Headers headers, Body body) {
    /** Immutable, so every text response shares it. */
    private static final Headers TEXT_PLAIN = Headers.of("Content-Type", "text/plain; charset=utf-8");

    public HttpResponse {
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("a final status is 200 to 999: " + status);
        }
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /** A response whose body is {@code text} in UTF-8. */
    public static HttpResponse text(int status, String text) {
        // The bytes are this response's own: no copy of them, as Body.of makes of an array it is given.
        return new HttpResponse(status, TEXT_PLAIN, new ArrayBody(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** A response with no body (Content-Length: 0, or none at all for 204 and 304). */
    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Headers.EMPTY, Body.EMPTY);
    }

    /** A short plain-text explanation of an error status: "404 Not Found". */
    public static HttpResponse error(int status) {
        return text(status, status + " " + StatusCodes.reason(status) + "\n");
    }

    public HttpResponse withHeader(String name, String value) {
        return new HttpResponse(status, headers.with(name, value), body);
    }
}
