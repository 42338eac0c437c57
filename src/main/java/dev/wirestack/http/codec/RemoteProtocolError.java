package dev.wirestack.http.codec;

/**
 * The peer broke the protocol (malformed, hostile or oversized input). {@link #statusHint()} is the status a server
 * answers with (400, 413, 414, 431, 501, 505); after it the connection can only send that answer and close.
 * Stackless: it reports input, not a bug.
 */
public final class RemoteProtocolError extends RuntimeException {
    private final int statusHint;

    public RemoteProtocolError(int statusHint, String message) {
        super(message, null, false, false);
        this.statusHint = statusHint;
    }

    public int statusHint() {
        return statusHint;
    }

    @Override
    public String toString() {
        return "RemoteProtocolError[" + statusHint + "]: " + getMessage();
    }
}
