package dev.wirestack.http.codec;

/** This side tried to send something the protocol or the connection's state forbids: a bug in the caller. */
public final class LocalProtocolError extends RuntimeException {
    public LocalProtocolError(String message) {
        super(message);
    }
}
