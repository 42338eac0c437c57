package dev.wirestack.http.codec;

import java.util.Map;

/** The reason phrases of RFC 9110 section 15, for the status codes this project sends. */
public final class StatusCodes {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"), Map.entry(101, "Switching Protocols"),
            Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"), Map.entry(206, "Partial Content"),
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"),
            Map.entry(304, "Not Modified"), Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
            Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(411, "Length Required"),
            Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(416, "Range Not Satisfiable"), Map.entry(417, "Expectation Failed"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(505, "HTTP Version Not Supported"));

    /** The same reasons indexed by status code (an array: no boxing on every response). */
    private static final String[] BY_STATUS = new String[1000];

    static {
        REASONS.forEach((status, reason) -> BY_STATUS[status] = reason);
    }

    private StatusCodes() {
    }

    /** The reason phrase of {@code status}, or an empty one (allowed: RFC 9112 section 4) when unknown. */
    public static String reason(int status) {
        String reason = status >= 0 && status < BY_STATUS.length ? BY_STATUS[status] : null;
        return reason == null ? "" : reason;
    }
}
