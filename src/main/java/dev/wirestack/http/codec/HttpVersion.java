package dev.wirestack.http.codec;

/**
 * The HTTP versions this codec speaks. A message in HTTP/1.x with x above 1 is read as HTTP/1.1, the highest minor
 * version it conforms to (RFC 9110 section 2.5); another major version is answered 505.
 */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
