package dev.wirestack.wire;

/**
 * A 32-bit TCP sequence number, compared modulo 2^32 (RFC 9293 section 3.4, in the style of RFC 1982 serial
 * number arithmetic): {@code a.lt(b)} when going forward from {@code a} reaches {@code b} in fewer than 2^31 steps.
 *
 * <p>Sequence numbers have no total order, so this type is deliberately not {@link Comparable}; every comparison of
 * sequence numbers in the stack goes through these methods, never through a raw {@code int} compare. Two numbers
 * exactly 2^31 apart are undefined in RFC 1982; here (as in Linux's {@code before()}) each is "less than" the other.
 */
public record SeqNum(int value) {
    public static final SeqNum ZERO = new SeqNum(0);

    /** From the unsigned value as printed by tcpdump or Wireshark (0 .. 2^32-1). */
    public static SeqNum of(long unsigned) {
        if (unsigned < 0 || unsigned > 0xffff_ffffL) {
            throw new IllegalArgumentException("sequence number out of 0..2^32-1: " + unsigned);
        }
        return new SeqNum((int) unsigned);
    }

    /** The unsigned value, 0 .. 2^32-1. */
    public long unsigned() {
        return value & 0xffff_ffffL;
    }

    /** The number {@code count} octets later (or earlier, if negative), wrapping around 2^32. */
    public SeqNum plus(int count) {
        return new SeqNum(value + count);
    }

    /** The signed distance from {@code other} to this: positive when this is later. */
    public int minus(SeqNum other) {
        return value - other.value;
    }

    public boolean lt(SeqNum other) {
        return minus(other) < 0;
    }

    public boolean le(SeqNum other) {
        return minus(other) <= 0;
    }

    public boolean gt(SeqNum other) {
        return minus(other) > 0;
    }

    public boolean ge(SeqNum other) {
        return minus(other) >= 0;
    }

    /**
     * Whether {@code start <= this < start + size} modulo 2^32: the acceptability test of RFC 9293 section 3.10.7.4.
     * An empty window ({@code size == 0}) contains nothing.
     */
    public boolean inWindow(SeqNum start, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("window size must not be negative: " + size);
        }
        return Integer.compareUnsigned(minus(start), size) < 0;
    }

    @Override
    public String toString() {
        return Long.toString(unsigned());
    }
}
