package dev.wirestack.http.codec;

import java.util.List;

/**
 * How the length of a message body is known (RFC 9112 section 6.3), decided from its head, with the request-smuggling
 * defences of sections 6.1 and 6.3: Content-Length together with Transfer-Encoding, Content-Length values that
 * differ or are not numbers, and Transfer-Encoding in HTTP/1.0 are all rejected, since two parsers could frame such
 * a message differently.
 */
sealed interface Framing {
    /** No body at all (HEAD responses, 1xx, 204, 304, requests without framing fields). */
    record NoBody() implements Framing {
        static final NoBody INSTANCE = new NoBody();
    }

    record Length(long bytes) implements Framing {
    }

    record Chunked() implements Framing {
    }

    /** The body runs until the connection closes (responses only). */
    record UntilClose() implements Framing {
    }

    /** The framing of a received request; errors carry the status to answer. */
    static Framing ofRequest(HttpEvent.Request request, HttpLimits limits) {
        Headers headers = request.headers();
        if (headers.has("Transfer-Encoding")) {
            if (request.version() == HttpVersion.HTTP_1_0) {
                throw new RemoteProtocolError(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (headers.has("Content-Length")) {
                throw new RemoteProtocolError(400, "both Content-Length and Transfer-Encoding");
            }
            requireChunkedLast(headers.tokens("Transfer-Encoding"), 501);
            return new Chunked();
        }
        if (headers.has("Content-Length")) {
            long length = contentLength(headers, 400);
            if (length > limits.maxBodyBytes()) {
                throw new RemoteProtocolError(413, "a body of " + length + " bytes exceeds the limit of "
                        + limits.maxBodyBytes());
            }
            return length == 0 ? NoBody.INSTANCE : new Length(length);
        }
        return NoBody.INSTANCE;
    }

    /** The framing of a received response to a request with {@code requestMethod} (null: unsolicited). */
    static Framing ofResponse(String requestMethod, HttpEvent.Response response, HttpLimits limits) {
        int status = response.status();
        if ("HEAD".equals(requestMethod) || status < 200 || status == 204 || status == 304) {
            return NoBody.INSTANCE;
        }
        Headers headers = response.headers();
        if (headers.has("Transfer-Encoding")) {
            if (headers.has("Content-Length") || response.version() == HttpVersion.HTTP_1_0) {
                throw new RemoteProtocolError(502, "a response with ambiguous framing");
            }
            List<String> codings = headers.tokens("Transfer-Encoding");
            return codings.getLast().equals("chunked") ? requireChunkedLast(codings, 502) : new UntilClose();
        }
        if (headers.has("Content-Length")) {
            long length = contentLength(headers, 502);
            if (length > limits.maxBodyBytes()) {
                throw new RemoteProtocolError(502, "a body of " + length + " bytes exceeds the limit of "
                        + limits.maxBodyBytes());
            }
            return length == 0 ? NoBody.INSTANCE : new Length(length);
        }
        return new UntilClose();
    }

    /**
     * Checks that chunked is the last coding and appears once; codings other than chunked are not implemented (RFC
     * 9112 section 6.1: 501 for a coding not understood).
     */
    private static Chunked requireChunkedLast(List<String> codings, int unknownCodingStatus) {
        for (int i = 0; i < codings.size(); i++) {
            String coding = codings.get(i);
            if (!coding.equals("chunked")) {
                throw new RemoteProtocolError(unknownCodingStatus, "unsupported transfer coding '"
                        + FieldLines.printable(coding) + "'");
            }
            if (i != codings.size() - 1) {
                throw new RemoteProtocolError(400, "chunked applied more than once");
            }
        }
        if (codings.isEmpty()) {
            throw new RemoteProtocolError(400, "an empty Transfer-Encoding");
        }
        return new Chunked();
    }

    /**
     * The Content-Length: every value, in every field and list element, must be the same run of digits (RFC 9110
     * section 8.6 allows identical duplicates).
     */
    static long contentLength(Headers headers, int status) {
        long length = -1;
        List<Headers.Field> fields = headers.fields();
        for (int i = 0; i < fields.size(); i++) { // indexed, no list of values: once per message
            Headers.Field field = fields.get(i);
            if (!field.name().equalsIgnoreCase("Content-Length")) {
                continue;
            }
            String value = field.value();
            if (value.indexOf(',') < 0) {
                length = sameLength(length, value, value, status);
            } else {
                for (String element : value.split(",", -1)) {
                    length = sameLength(length, element, value, status);
                }
            }
        }
        return length;
    }

    /** The length in {@code element} (of the field {@code value}), which must equal the one before (-1: none). */
    private static long sameLength(long before, String element, String value, int status) {
        String digits = FieldLines.stripOws(element);
        if (digits.length() > 18 || !FieldLines.isDigits(digits)) {
            throw new RemoteProtocolError(status, "invalid Content-Length '" + FieldLines.printable(value) + "'");
        }
        long parsed = Long.parseLong(digits);
        if (before >= 0 && parsed != before) {
            throw new RemoteProtocolError(status, "differing Content-Length values " + before + " and " + parsed);
        }
        return parsed;
    }
}
