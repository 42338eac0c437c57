package dev.wirestack.http.client;

import dev.wirestack.http.codec.Headers;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a client writes the body of a final response as it arrives, instead of collecting it in memory: a download
 * of any size then needs one buffer, not the whole body. Redirects' bodies never come here.
 */
@FunctionalInterface
public interface BodySink {
    /**
     * The final response's head has arrived (on the network's loop): the stream its body goes to, decoded from gzip
     * if the client asked for it, or null to collect this body in memory as usual (an error page, say). The client
     * writes the body on the loop and closes the stream when the body is complete or the exchange fails; the
     * {@link ClientResponse} then has an empty body.
     *
     * @throws IOException when the stream cannot be opened: the request fails
     */
    OutputStream open(int status, Headers headers) throws IOException;
}
