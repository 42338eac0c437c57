package dev.wirestack.http.client;

/**
 * How far a response body has come, for a progress bar: called on the network's loop each time body bytes arrive,
 * with the bytes so far (as sent: before any gzip decoding) and the Content-Length, or -1 when the server gave none.
 * A redirect starts again from zero with the next response.
 */
@FunctionalInterface
public interface BodyProgress {
    BodyProgress NONE = (received, expected) -> {
    };

    void received(long bytes, long expected);
}
