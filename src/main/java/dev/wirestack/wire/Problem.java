package dev.wirestack.wire;

/**
 * What exactly is wrong with a packet: the layer, the field and its byte offset, and what was expected.
 * {@code expected} and {@code actual} are -1 when they do not apply.
 */
public record Problem(Layer layer, String field, int offset, ProblemKind kind, long expected, long actual) {

    public static Problem truncated(Layer layer, String field, int offset, long needed, long available) {
        return new Problem(layer, field, offset, ProblemKind.TRUNCATED, needed, available);
    }

    /** A one-line explanation, such as {@code ipv4.ihl at byte 0: BAD_HEADER_LENGTH (expected 5, got 4)}. */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(layer.name().toLowerCase()).append('.').append(field)
                .append(" at byte ").append(offset).append(": ").append(kind);
        if (expected >= 0 || actual >= 0) {
            text.append(" (expected ").append(expected).append(", got ").append(actual).append(')');
        }
        return text.toString();
    }
}
