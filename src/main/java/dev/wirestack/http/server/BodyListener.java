package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;

/** Receives a request body as it arrives (bounded by the server's body limit, beyond which the client gets 413). */
public interface BodyListener {
    void onData(byte[] data);

    /** The body is complete; {@code trailers} is empty unless the body was chunked with a trailer section. */
    void onEnd(Headers trailers);
}
