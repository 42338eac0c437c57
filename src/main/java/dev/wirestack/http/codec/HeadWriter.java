package dev.wirestack.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serialises heads, refusing what would let a value break out of its line (response splitting): names must be
 * tokens, values and reason phrases must hold no CR, LF or other control character.
 */
final class HeadWriter {
    /** "HTTP/1.1 200 OK" and every other status line with its standard reason, encoded once, indexed by status. */
    private static final byte[][] STANDARD_STATUS_LINES = new byte[1000][];

    static {
        for (int status = 100; status < STANDARD_STATUS_LINES.length; status++) {
            if (!StatusCodes.reason(status).isEmpty()) {
                STANDARD_STATUS_LINES[status] = statusLine(status, StatusCodes.reason(status))
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
        }
    }

    private HeadWriter() {
    }

    static byte[] request(HttpEvent.Request request) {
        if (!FieldLines.isToken(request.method())) {
            throw new LocalProtocolError("invalid method '" + FieldLines.printable(request.method()) + "'");
        }
        for (int i = 0; i < request.target().length(); i++) {
            char c = request.target().charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new LocalProtocolError("invalid character in request-target '"
                        + FieldLines.printable(request.target()) + "'");
            }
        }
        String requestLine = request.method() + " " + request.target() + " " + HttpVersion.HTTP_1_1.text();
        return head(requestLine.getBytes(StandardCharsets.ISO_8859_1), request.headers(), BodyWriter.NOTHING);
    }

    /** The response head, with {@code body} after it in the same array (empty: the head alone). */
    static byte[] response(int status, String reason, Headers headers, byte[] body) {
        for (int i = 0; i < reason.length(); i++) {
            if (!FieldLines.isFieldValueChar(reason.charAt(i))) {
                throw new LocalProtocolError("a control character in the reason phrase");
            }
        }
        boolean standard = status >= 0 && status < STANDARD_STATUS_LINES.length
                && STANDARD_STATUS_LINES[status] != null && reason.equals(StatusCodes.reason(status));
        return head(standard ? STANDARD_STATUS_LINES[status]
                : statusLine(status, reason).getBytes(StandardCharsets.ISO_8859_1), headers, body);
    }

    private static String statusLine(int status, String reason) {
        return HttpVersion.HTTP_1_1.text() + " " + status + " " + reason;
    }

    /**
     * The start line, the fields and the blank line, encoded straight into an array of the exact size, and
     * {@code body} after them.
     */
    private static byte[] head(byte[] startLine, Headers headers, byte[] body) {
        byte[] out = new byte[startLine.length + 2 + fieldsLength(headers) + 2 + body.length];
        System.arraycopy(startLine, 0, out, 0, startLine.length);
        int at = putCrlf(out, startLine.length);
        at = writeFields(out, at, headers);
        at = putCrlf(out, at);
        System.arraycopy(body, 0, out, at, body.length);
        return out;
    }

    /** The bytes {@link #writeFields} writes for {@code headers}. */
    static int fieldsLength(Headers headers) {
        int length = 0;
        List<Headers.Field> fields = headers.fields();
        for (int f = 0; f < fields.size(); f++) {
            length += fields.get(f).name().length() + 2 + fields.get(f).value().length() + 2;
        }
        return length;
    }

    /** Writes every field line of {@code headers} into {@code out} at {@code at}; returns the index after them. */
    static int writeFields(byte[] out, int at, Headers headers) {
        List<Headers.Field> fields = headers.fields();
        for (int f = 0; f < fields.size(); f++) {
            Headers.Field field = fields.get(f);
            String name = field.name();
            if (name.isEmpty()) {
                throw new LocalProtocolError("an empty header field name");
            }
            // Checked as copied, one character per byte (ISO-8859-1): a refused field throws the whole head away.
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!FieldLines.isTchar(c)) {
                    throw new LocalProtocolError("invalid header field name '" + FieldLines.printable(name) + "'");
                }
                out[at++] = (byte) c;
            }
            out[at++] = ':';
            out[at++] = ' ';
            String value = field.value();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!FieldLines.isFieldValueChar(c)) {
                    throw new LocalProtocolError("a control character in the value of " + name);
                }
                out[at++] = (byte) c;
            }
            at = putCrlf(out, at);
        }
        return at;
    }

    private static int putCrlf(byte[] out, int at) {
        out[at] = '\r';
        out[at + 1] = '\n';
        return at + 2;
    }
}
