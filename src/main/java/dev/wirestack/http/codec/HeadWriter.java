package dev.wirestack.http.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

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

    private static byte[] head(String startLine, Headers headers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(startLine.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(CRLF);
        writeFields(out, headers);
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private static final byte[] CRLF = {'\r', '\n'};

    static void writeFields(ByteArrayOutputStream out, Headers headers) {
        for (Headers.Field field : headers.fields()) {
            if (!FieldLines.isToken(field.name())) {
                throw new LocalProtocolError("invalid header field name '" + FieldLines.printable(field.name()) + "'");
            }
            for (int i = 0; i < field.value().length(); i++) {
                if (!FieldLines.isFieldValueChar(field.value().charAt(i))) {
                    throw new LocalProtocolError("a control character in the value of " + field.name());
                }
            }
            out.writeBytes(field.name().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(new byte[] {':', ' '});
            out.writeBytes(field.value().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(CRLF);
        }
    }
}
