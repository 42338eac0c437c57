package dev.wirestack.http.client;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.HttpVersion;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A complete response: its body already decoded from gzip when the client asked for it ({@code headers} still say
 * what was sent). {@code uri} is where it came from after {@code redirects} redirects; {@code version} is the one
 * its status line named.
 */
public record ClientResponse(int status, String reason, Headers headers, byte[] body, URI uri, int redirects,
                             HttpVersion version) {
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
