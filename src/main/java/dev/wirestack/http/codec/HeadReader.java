package dev.wirestack.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one message head (start line and header fields, RFC 9112 sections 2 to 5) from the receive buffer, once it
 * has arrived whole, enforcing the limits while it has not: a start line longer than allowed is 414 for a request,
 * a header section larger than allowed is 431. Remembers how far it searched, so a head trickling in byte by byte
 * costs linear, not quadratic, time.
 */
final class HeadReader {
    /** The two versions spoken, as request lines end. */
    private static final byte[] HTTP_1_1 = HttpVersion.HTTP_1_1.text().getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HTTP_1_0 = HttpVersion.HTTP_1_0.text().getBytes(StandardCharsets.ISO_8859_1);

    private final Role sender;
    private final HttpLimits limits;
    private int searchedTo;

    /** Reads the heads that {@code sender} sends. */
    HeadReader(Role sender, HttpLimits limits) {
        this.sender = sender;
        this.limits = limits;
    }

    /** The head at the front of {@code buffer}, or null until it is complete. */
    HttpEvent read(ReceiveBuffer buffer) {
        if (searchedTo == 0) {
            skipLeadingEmptyLines(buffer);
        }
        int firstLf = buffer.indexOf((byte) '\n', 0);
        int startLineLimit = limits.maxStartLine() + 1; // the CR of a CRLF
        if (firstLf < 0 ? buffer.size() > startLineLimit : firstLf > startLineLimit) {
            throw new RemoteProtocolError(sender == Role.CLIENT ? 414 : 502,
                    (sender == Role.CLIENT ? "request" : "status") + " line longer than " + limits.maxStartLine()
                            + " bytes");
        }
        if (firstLf < 0) {
            return null;
        }
        int end = FieldLines.endOfSection(buffer, firstLf + 1, searchedTo);
        int sectionLimit = limits.maxHeaderSection() + 2; // the blank line
        if ((end < 0 ? buffer.size() : end) - (firstLf + 1) > sectionLimit) {
            throw new RemoteProtocolError(431, "header section larger than " + limits.maxHeaderSection() + " bytes");
        }
        if (end < 0) {
            searchedTo = Math.max(firstLf, buffer.size() - 2);
            return null;
        }
        searchedTo = 0;
        byte[] head = buffer.take(end);
        FieldLines.rejectBareCr(head);
        int startLineEnd = FieldLines.contentEnd(head, 0, firstLf);
        Headers headers = FieldLines.fields(head, firstLf + 1, limits);
        return sender == Role.CLIENT ? requestLine(head, startLineEnd, headers)
                : statusLine(FieldLines.text(head, 0, startLineEnd), headers);
    }

    /** RFC 9112 section 2.2: a server should ignore at least one empty line before the request line. */
    private static void skipLeadingEmptyLines(ReceiveBuffer buffer) {
        int blank;
        while ((blank = FieldLines.blankLineLength(buffer, 0)) > 0) {
            buffer.skip(blank);
        }
    }

    /**
     * request-line = method SP request-target SP HTTP-version (RFC 9112 section 3), strictly single spaces, read
     * from the bytes {@code head[0..end)}.
     */
    private static HttpEvent.Request requestLine(byte[] head, int end, Headers headers) {
        int firstSpace = indexOfSpace(head, 0, end);
        int secondSpace = firstSpace < 0 ? -1 : indexOfSpace(head, firstSpace + 1, end);
        if (secondSpace < 0 || indexOfSpace(head, secondSpace + 1, end) >= 0) {
            throw new RemoteProtocolError(400, "malformed request line '"
                    + FieldLines.printable(FieldLines.text(head, 0, end)) + "'");
        }
        if (!FieldLines.isToken(head, 0, firstSpace)) {
            throw new RemoteProtocolError(400, "invalid method '"
                    + FieldLines.printable(FieldLines.text(head, 0, firstSpace)) + "'");
        }
        if (secondSpace == firstSpace + 1) {
            throw new RemoteProtocolError(400, "empty request-target");
        }
        for (int i = firstSpace + 1; i < secondSpace; i++) {
            int c = head[i] & 0xff;
            if (c <= 0x20 || c >= 0x7f) {
                throw new RemoteProtocolError(400, "invalid character 0x" + Integer.toHexString(c)
                        + " in the request-target");
            }
        }
        HttpVersion version = version(head, secondSpace + 1, end);
        String method = FieldLines.commonText(head, 0, firstSpace);
        return new HttpEvent.Request(method, FieldLines.text(head, firstSpace + 1, secondSpace), headers, version);
    }

    /** The index of the first space in {@code line[from..end)}, or -1. */
    private static int indexOfSpace(byte[] line, int from, int end) {
        for (int i = from; i < end; i++) {
            if (line[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    /** status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 section 4). */
    private static HttpEvent.Response statusLine(String line, Headers headers) {
        int firstSpace = line.indexOf(' ');
        if (firstSpace < 0 || line.length() < firstSpace + 4) {
            throw new RemoteProtocolError(502, "malformed status line '" + FieldLines.printable(line) + "'");
        }
        HttpVersion version = version(line.substring(0, firstSpace));
        String code = line.substring(firstSpace + 1, firstSpace + 4);
        if (!FieldLines.isDigits(code) || code.charAt(0) == '0'
                || (line.length() > firstSpace + 4 && line.charAt(firstSpace + 4) != ' ')) {
            throw new RemoteProtocolError(502, "malformed status code in '" + FieldLines.printable(line) + "'");
        }
        String reason = line.length() > firstSpace + 5 ? line.substring(firstSpace + 5) : "";
        return new HttpEvent.Response(Integer.parseInt(code), reason, headers, version);
    }

    /** {@link #version(String)} of the bytes {@code line[from..to)}, without a String for the common cases. */
    private static HttpVersion version(byte[] line, int from, int to) {
        if (Arrays.equals(line, from, to, HTTP_1_1, 0, HTTP_1_1.length)) {
            return HttpVersion.HTTP_1_1;
        }
        if (Arrays.equals(line, from, to, HTTP_1_0, 0, HTTP_1_0.length)) {
            return HttpVersion.HTTP_1_0;
        }
        return version(FieldLines.text(line, from, to));
    }

    /** HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 section 2.3); only major version 1 is spoken. */
    private static HttpVersion version(String text) {
        if (text.length() != 8 || !text.startsWith("HTTP/") || !Character.isDigit(text.charAt(5))
                || text.charAt(6) != '.' || !Character.isDigit(text.charAt(7))
                || text.charAt(5) > '9' || text.charAt(7) > '9') {
            throw new RemoteProtocolError(400, "malformed HTTP version '" + FieldLines.printable(text) + "'");
        }
        if (text.charAt(5) != '1') {
            throw new RemoteProtocolError(505, "HTTP version " + text.substring(5) + " is not supported");
        }
        return text.charAt(7) == '0' ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }
}
