package dev.wirestack.http.codec;

/**
 * Serialises heads, refusing what would let a value break out of its line (response splitting): names must be
 * tokens, values and reason phrases must hold no CR, LF or other control character.
 */
final class HeadWriter {
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
        return head(request.method() + " " + request.target() + " " + HttpVersion.HTTP_1_1.text(), request.headers());
    }

    static byte[] response(int status, String reason, Headers headers) {
        for (int i = 0; i < reason.length(); i++) {
            if (!FieldLines.isFieldValueChar(reason.charAt(i))) {
                throw new LocalProtocolError("a control character in the reason phrase");
            }
        }
        return head(HttpVersion.HTTP_1_1.text() + " " + status + " " + reason, headers);
    }

    /** The start line, the fields and the blank line, encoded straight into an array of the exact size. */
    private static byte[] head(String startLine, Headers headers) {
        byte[] out = new byte[startLine.length() + 2 + fieldsLength(headers) + 2];
        int at = putLatin1(out, 0, startLine);
        at = putCrlf(out, at);
        at = writeFields(out, at, headers);
        putCrlf(out, at);
        return out;
    }

    /** The bytes {@link #writeFields} writes for {@code headers}. */
    static int fieldsLength(Headers headers) {
        int length = 0;
        for (Headers.Field field : headers.fields()) {
            length += field.name().length() + 2 + field.value().length() + 2;
        }
        return length;
    }

    /** Writes every field line of {@code headers} into {@code out} at {@code at}; returns the index after them. */
    static int writeFields(byte[] out, int at, Headers headers) {
        for (Headers.Field field : headers.fields()) {
            if (!FieldLines.isToken(field.name())) {
                throw new LocalProtocolError("invalid header field name '" + FieldLines.printable(field.name()) + "'");
            }
            String value = field.value();
            for (int i = 0; i < value.length(); i++) {
                if (!FieldLines.isFieldValueChar(value.charAt(i))) {
                    throw new LocalProtocolError("a control character in the value of " + field.name());
                }
            }
            at = putLatin1(out, at, field.name());
            out[at++] = ':';
            out[at++] = ' ';
            at = putLatin1(out, at, value);
            at = putCrlf(out, at);
        }
        return at;
    }

    /** Characters already checked to be at most 0xFF, one byte each (ISO-8859-1). */
    private static int putLatin1(byte[] out, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            out[at++] = (byte) text.charAt(i);
        }
        return at;
    }

    private static int putCrlf(byte[] out, int at) {
        out[at] = '\r';
        out[at + 1] = '\n';
        return at + 2;
    }
}
