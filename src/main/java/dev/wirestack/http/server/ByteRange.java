package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;

import java.time.Instant;

/**
 * The Range request field for bytes (RFC 9110 section 14): one range is served as 206; several, a syntax this does
 * not read, another unit, or an If-Range that no longer matches are answered with the whole representation (the
 * server may ignore Range); a range that starts beyond the end is 416.
 */
final class ByteRange {
    private ByteRange() {
    }

    sealed interface Result {
        record Whole() implements Result {
        }

        record Single(long first, long last) implements Result {
            long length() {
                return last - first + 1;
            }
        }

        record Unsatisfiable() implements Result {
        }
    }

    static Result parse(Headers headers, long size, String etag, Instant modified) {
        String range = headers.get("Range");
        if (range == null || headers.count("Range") > 1 || !ifRangeHolds(headers.get("If-Range"), etag, modified)) {
            return new Result.Whole();
        }
        String spec = range.strip();
        if (!spec.regionMatches(true, 0, "bytes=", 0, 6) || spec.indexOf(',') >= 0) {
            return new Result.Whole();
        }
        String set = spec.substring(6).strip();
        int dash = set.indexOf('-');
        if (dash < 0) {
            return new Result.Whole();
        }
        String firstText = set.substring(0, dash).strip();
        String lastText = set.substring(dash + 1).strip();
        if (!digits(firstText) || !digits(lastText) || (firstText.isEmpty() && lastText.isEmpty())) {
            return new Result.Whole();
        }
        if (firstText.isEmpty()) { // suffix: the last n bytes
            long suffix = Long.parseLong(lastText);
            if (suffix == 0 || size == 0) {
                return new Result.Unsatisfiable();
            }
            return new Result.Single(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(firstText);
        long last = lastText.isEmpty() ? size - 1 : Math.min(Long.parseLong(lastText), size - 1);
        if (!lastText.isEmpty() && Long.parseLong(lastText) < first) {
            return new Result.Whole(); // invalid range-spec: ignored
        }
        if (first >= size) {
            return new Result.Unsatisfiable();
        }
        return new Result.Single(first, last);
    }

    private static boolean digits(String text) {
        return text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** RFC 9110 section 13.1.5: the range applies only if the validator still matches (strong comparison). */
    private static boolean ifRangeHolds(String ifRange, String etag, Instant modified) {
        if (ifRange == null) {
            return true;
        }
        String value = ifRange.strip();
        if (value.startsWith("\"")) {
            return value.equals(etag);
        }
        Instant date = HttpDates.parse(value);
        return date != null && date.equals(modified);
    }
}
