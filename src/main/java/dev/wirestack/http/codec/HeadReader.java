package dev.wirestack.http.codec;

import java.util.List;

/**
 * Reads one message head (start line and header fields, RFC 9112 sections 2 to 5) from the receive buffer, once it
 * has arrived whole, enforcing the limits while it has not: a start line longer than allowed is 414 for a request,
 * a header section larger than allowed is 431. Remembers how far it searched, so a head trickling in byte by byte
 * costs linear, not quadratic, time.
 */
final class HeadReader {
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
        List<String> lines = FieldLines.lines(buffer.take(end));
        Headers headers = FieldLines.fields(lines, 1, limits);
        return sender == Role.CLIENT ? requestLine(lines.getFirst(), headers) : statusLine(lines.getFirst(), headers);
    }

    /** RFC 9112 section 2.2: a server should ignore at least one empty line before the request line. */
    private static void skipLeadingEmptyLines(ReceiveBuffer buffer) {
        int blank;
        while ((blank = FieldLines.blankLineLength(buffer, 0)) > 0) {
            buffer.skip(blank);
        }
    }

    /** request-line = method SP request-target SP HTTP-version (RFC 9112 section 3), strictly single spaces. */
    private static HttpEvent.Request requestLine(String line, Headers headers) {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new RemoteProtocolError(400, "malformed request line '" + FieldLines.printable(line) + "'");
        }
        if (!FieldLines.isToken(parts[0])) {
            throw new RemoteProtocolError(400, "invalid method '" + FieldLines.printable(parts[0]) + "'");
        }
        String target = parts[1];
        if (target.isEmpty()) {
            throw new RemoteProtocolError(400, "empty request-target");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new RemoteProtocolError(400, "invalid character 0x" + Integer.toHexString(c)
                        + " in the request-target");
            }
        }
        return new HttpEvent.Request(parts[0], target, headers, version(parts[2]));
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
