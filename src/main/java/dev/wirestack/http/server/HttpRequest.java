package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.HttpVersion;

/**
 * A request head as a handler sees it. {@code path} is the target's path, still percent-encoded (absolute-form
 * targets reduced to it, "*" kept); {@code query} is what follows '?', or null.
 */
public record HttpRequest(String method, String target, String path, String query, Headers headers,
                          HttpVersion version, String remoteAddress) {

    static HttpRequest of(dev.wirestack.http.codec.HttpEvent.Request head, String remoteAddress) {
        String target = head.target();
        String pathAndQuery = target;
        int scheme = target.indexOf("://");
        if (!target.startsWith("/") && scheme > 0) {
            int slash = target.indexOf('/', scheme + 3);
            pathAndQuery = slash < 0 ? "/" : target.substring(slash);
        }
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        return new HttpRequest(head.method(), target, path, query, head.headers(), head.version(), remoteAddress);
    }
}
