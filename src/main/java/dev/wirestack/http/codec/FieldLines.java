package dev.wirestack.http.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The syntax of RFC 9112 section 2 and 5 shared by heads and trailers: lines, tokens and field lines. Lines end in
 * CRLF or a bare LF (section 2.2 allows a recipient to accept LF); a CR anywhere else is rejected, since a parser
 * that treats it as a line end differently from ours is how requests get smuggled.
 */
final class FieldLines {
    /** tchar = ALPHA / DIGIT / one of {@code !#$%&'*+-.^_`|~} (RFC 9110 section 5.6.2), as a table by character. */
    private static final boolean[] TCHARS = new boolean[128];

    static {
        for (char c = 0; c < TCHARS.length; c++) {
            TCHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }

    /**
     * Field names and methods as requests commonly spell them: read from a head, they are these Strings, not new
     * ones (a name read is one of these far more often than not).
     */
    private static final String[] COMMON = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "Host", "Accept",
        "User-Agent", "Connection", "Content-Length", "Content-Type", "Transfer-Encoding", "Accept-Encoding",
        "Accept-Language", "Cache-Control", "Cookie", "Referer", "Range", "If-None-Match", "If-Modified-Since",
        "Expect", "Authorization", "Origin", "Pragma", "Upgrade-Insecure-Requests", "Date", "Server",
        "Content-Encoding", "Last-Modified", "ETag", "Location", "Keep-Alive"};
    private static final byte[][] COMMON_BYTES = new byte[COMMON.length][];

    static {
        for (int i = 0; i < COMMON.length; i++) {
            COMMON_BYTES[i] = COMMON[i].getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private FieldLines() {
    }

    /** {@link #text}, as one of the {@link #COMMON} Strings when it spells one exactly. */
    static String commonText(byte[] section, int from, int to) {
        int length = to - from;
        for (int i = 0; i < COMMON_BYTES.length; i++) {
            byte[] common = COMMON_BYTES[i];
            if (common.length == length && Arrays.equals(common, 0, length, section, from, to)) {
                return COMMON[i];
            }
        }
        return text(section, from, to);
    }

    /**
     * Where the blank line that ends a field section begins searching at {@code from} (the start of a line):
     * the index just past that blank line, or -1 while it has not arrived. {@code resume} is where an earlier call
     * stopped searching (at least {@code from}).
     */
    static int endOfSection(ReceiveBuffer buffer, int from, int resume) {
        int blank = blankLineLength(buffer, from);
        if (blank > 0) {
            return from + blank;
        }
        if (blank < 0) {
            return -1;
        }
        for (int lf = buffer.indexOf((byte) '\n', Math.max(from, resume)); lf >= 0;
             lf = buffer.indexOf((byte) '\n', lf + 1)) {
            int after = blankLineLength(buffer, lf + 1);
            if (after > 0) {
                return lf + 1 + after;
            }
            if (after < 0) {
                return -1;
            }
        }
        return -1;
    }

    /** The length of the blank line at {@code at} (1 for LF, 2 for CRLF), 0 if the line is not blank, -1 if unsure. */
    static int blankLineLength(ReceiveBuffer buffer, int at) {
        if (at >= buffer.size()) {
            return -1;
        }
        if (buffer.get(at) == '\n') {
            return 1;
        }
        if (buffer.get(at) == '\r') {
            if (at + 1 >= buffer.size()) {
                return -1;
            }
            return buffer.get(at + 1) == '\n' ? 2 : 0;
        }
        return 0;
    }

    /**
     * Rejects a CR anywhere in {@code section} (a whole head, trailer section or chunk-size line, ending in LF) that
     * does not end a line; call it before reading the section's lines.
     */
    static void rejectBareCr(byte[] section) {
        for (int i = 0; i < section.length; i++) {
            if (section[i] == '\r' && (i + 1 >= section.length || section[i + 1] != '\n')) {
                throw new RemoteProtocolError(400, "a bare CR at byte " + i + " of the message head");
            }
        }
    }

    /** The index of the LF ending the line that starts at {@code start} ({@code section} ends in an LF). */
    static int lineFeed(byte[] section, int start) {
        int at = start;
        while (section[at] != '\n') {
            at++;
        }
        return at;
    }

    /** Where the line ending at {@code lf} has its content end: its CR, if it has one, else the LF itself. */
    static int contentEnd(byte[] section, int start, int lf) {
        return lf > start && section[lf - 1] == '\r' ? lf - 1 : lf;
    }

    /** The bytes {@code section[from..to)} as text, one character per byte (ISO-8859-1). */
    static String text(byte[] section, int from, int to) {
        return new String(section, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * The field lines of {@code section} from byte {@code from} (the start of a line) on, the blank last line
     * excluded, checked against the limits. Works on the bytes: one String for each name and each value, none for
     * the line.
     */
    static Headers fields(byte[] section, int from, HttpLimits limits) {
        Headers.Field[] fields = new Headers.Field[Math.min(contentLines(section, from), limits.maxHeaderCount())];
        int count = 0;
        for (int start = from; start < section.length; ) {
            int lf = lineFeed(section, start);
            int end = contentEnd(section, start, lf);
            if (end > start) {
                if (count == limits.maxHeaderCount()) {
                    throw new RemoteProtocolError(431, "more than " + limits.maxHeaderCount() + " header fields");
                }
                fields[count++] = field(section, start, end);
            }
            start = lf + 1;
        }
        return Headers.adopt(count == fields.length ? fields : Arrays.copyOf(fields, count));
    }

    /** How many lines of {@code section} from {@code from} are not blank: the field lines, when they are valid. */
    private static int contentLines(byte[] section, int from) {
        int lines = 0;
        for (int start = from; start < section.length; ) {
            int lf = lineFeed(section, start);
            if (contentEnd(section, start, lf) > start) {
                lines++;
            }
            start = lf + 1;
        }
        return lines;
    }

    /** field-line = field-name ":" OWS field-value OWS (RFC 9112 section 5), in {@code line[start..end)}. */
    private static Headers.Field field(byte[] line, int start, int end) {
        if (line[start] == ' ' || line[start] == '\t') {
            // RFC 9112 section 5.2: obsolete line folding; a server rejects it with 400.
            throw new RemoteProtocolError(400, "obsolete line folding in a header field");
        }
        int colon = start;
        while (colon < end && line[colon] != ':') {
            colon++;
        }
        if (colon == start || colon == end) {
            throw new RemoteProtocolError(400, "a header field line without a name and a colon");
        }
        if (!isToken(line, start, colon)) {
            // Includes whitespace between the name and the colon, which section 5.1 says to reject with 400.
            throw new RemoteProtocolError(400, "invalid header field name '" + printable(text(line, start, colon))
                    + "'");
        }
        int valueStart = colon + 1;
        int valueEnd = end;
        while (valueStart < valueEnd && (line[valueStart] == ' ' || line[valueStart] == '\t')) {
            valueStart++;
        }
        while (valueEnd > valueStart && (line[valueEnd - 1] == ' ' || line[valueEnd - 1] == '\t')) {
            valueEnd--;
        }
        for (int i = valueStart; i < valueEnd; i++) {
            if (!isFieldValueChar((char) (line[i] & 0xff))) {
                throw new RemoteProtocolError(400, "a control character (0x" + Integer.toHexString(line[i] & 0xff)
                        + ") in the value of " + text(line, start, colon));
            }
        }
        return new Headers.Field(commonText(line, start, colon), text(line, valueStart, valueEnd));
    }

    static String stripOws(String value) {
        int from = 0;
        int to = value.length();
        while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
            to--;
        }
        return value.substring(from, to);
    }

    /** 1*DIGIT. */
    static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** token = 1*tchar (RFC 9110 section 5.6.2). */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isTchar(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** token = 1*tchar over the bytes {@code text[from..to)}. */
    static boolean isToken(byte[] text, int from, int to) {
        if (from == to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (!isTchar((char) (text[i] & 0xff))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTchar(char c) {
        return c < TCHARS.length && TCHARS[c];
    }

    /** field-vchar, SP and HTAB, obs-text allowed (RFC 9110 section 5.5); every other control rejected. */
    static boolean isFieldValueChar(char c) {
        return c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff);
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && i < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }
}
