package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Accepts an upload and answers what arrived: 200 with {@code sha256=<hex> bytes=<n>} in plain text. The body goes
 * through SHA-256 as it comes in and is never held whole; its size is bounded by the server's
 * {@link dev.wirestack.http.codec.HttpLimits#maxBodyBytes()}, beyond which the server itself answers 413 (on the
 * declared Content-Length before this handler is called, or as a chunked body passes the limit).
 */
public final class DigestHandler implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws NoSuchAlgorithmException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        exchange.onBody(new BodyListener() {
            private long bytes;

            @Override
            public void onData(byte[] data) {
                sha256.update(data);
                bytes += data.length;
            }

            @Override
            public void onEnd(Headers trailers) {
                exchange.respond(HttpResponse.text(200,
                        "sha256=" + HexFormat.of().formatHex(sha256.digest()) + " bytes=" + bytes + "\n"));
            }
        });
    }
}
