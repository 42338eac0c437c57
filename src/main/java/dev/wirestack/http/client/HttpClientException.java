package dev.wirestack.http.client;

import java.io.IOException;

/** Why a request failed, as a kind a caller can act on and a message a person can read. */
public final class HttpClientException extends IOException {
    public enum Kind {
        /** The URL cannot be requested (scheme, host). */
        UNSUPPORTED,
        CONNECT_FAILED,
        TIMEOUT,
        /** The server broke HTTP (malformed response, body beyond the limit, bad gzip). */
        PROTOCOL,
        /** The connection closed or was reset before the response was complete. */
        CLOSED,
        TOO_MANY_REDIRECTS,
        /** A streamed body could not be written where it was to go ({@link BodySink}: a full disk, say). */
        SINK
    }

    private final Kind kind;

    public HttpClientException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String getMessage() {
        return kind.name().toLowerCase().replace('_', ' ') + ": " + super.getMessage();
    }
}
