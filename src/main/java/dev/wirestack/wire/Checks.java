package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/**
 * The checks every parser in this package shares. Parsers call {@link #require} before reading a field, so no
 * read can go past the segment: the bounds check of {@link MemorySegment} is a second guard, never the first.
 */
final class Checks {
    private Checks() {
    }

    /** Throws TRUNCATED unless {@code in} holds at least {@code needed} bytes. */
    static void require(MemorySegment in, long needed, Layer layer, String field, int offset)
            throws MalformedPacketException {
        if (in.byteSize() < needed) {
            throw new MalformedPacketException(Problem.truncated(layer, field, offset, needed, in.byteSize()));
        }
    }

    static MalformedPacketException malformed(Layer layer, String field, int offset, ProblemKind kind,
                                              long expected, long actual) {
        return new MalformedPacketException(new Problem(layer, field, offset, kind, expected, actual));
    }

    /**
     * Throws BAD_CHECKSUM unless {@code sum}, the one's complement sum over the covered bytes including the
     * checksum field, is all ones (RFC 1071 section 1, step 3). The problem names the value the field should hold.
     */
    static void requireChecksum(int sum, int fieldValue, Layer layer, int offset) throws MalformedPacketException {
        if (sum != 0xffff) {
            throw malformed(layer, "checksum", offset, ProblemKind.BAD_CHECKSUM, correctField(sum, fieldValue),
                    fieldValue);
        }
    }

    /** The field value that would make the sum valid: the sum without the field (one's complement subtraction). */
    private static int correctField(int sumWithField, int fieldValue) {
        long withoutField = (long) sumWithField + (~fieldValue & 0xffff);
        while ((withoutField >>> 16) != 0) {
            withoutField = (withoutField & 0xffff) + (withoutField >>> 16);
        }
        return Checksum.finish((int) withoutField);
    }

    /** Throws IllegalArgumentException (API misuse) unless {@code min <= value <= max}. */
    static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}
