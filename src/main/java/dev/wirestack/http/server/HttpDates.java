package dev.wirestack.http.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** HTTP-date (RFC 9110 section 5.6.7): sent as IMF-fixdate, read in that form or the lenient RFC 1123 one. */
public final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** The instant of {@code text}, or null when it is not a date this reads (an invalid date is ignored). */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
