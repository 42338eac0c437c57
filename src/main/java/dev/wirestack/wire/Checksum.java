package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The Internet checksum of RFC 1071: the 16-bit one's complement of the one's complement sum of the data.
 *
 * <p>Speed comes from RFC 1071's byte-order independence (section 2B): the sum is computed over 64-bit words in
 * the machine's native order, eight bytes per step with the carries kept in the upper half of a long, then folded
 * to 16 bits and byte-swapped once at the end.
 */
public final class Checksum {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final boolean NATIVE_IS_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private Checksum() {
    }

    /**
     * The one's complement sum of {@code length} bytes at {@code offset}, added to {@code initial} (a previous
     * result, or a pseudo-header sum), folded to 16 bits in network order. An odd last byte is padded with zero.
     */
    public static int sum(MemorySegment data, long offset, long length, int initial) {
        long acc = 0;
        long i = 0;
        // Each 64-bit word is added as two 32-bit halves, so the accumulator cannot overflow before 2^32 words.
        for (; i + 8 <= length; i += 8) {
            long word = data.get(WORD, offset + i);
            acc += (word >>> 32) + (word & 0xffff_ffffL);
        }
        long tail = 0;
        int shift = 0;
        for (; i < length; i++, shift += 8) {
            tail |= (data.get(ValueLayout.JAVA_BYTE, offset + i) & 0xffL) << (NATIVE_IS_BIG_ENDIAN ? 56 - shift : shift);
        }
        acc += (tail >>> 32) + (tail & 0xffff_ffffL);
        int folded = fold(acc);
        int networkOrder = NATIVE_IS_BIG_ENDIAN ? folded : Integer.reverseBytes(folded) >>> 16;
        return fold((long) networkOrder + initial);
    }

    /** The checksum field value for data whose sum (with any pseudo-header) is {@code sum}. */
    public static int finish(int sum) {
        return ~sum & 0xffff;
    }

    /** The checksum field value of the given bytes. */
    public static int compute(MemorySegment data, long offset, long length) {
        return finish(sum(data, offset, length, 0));
    }

    /** The sum over the IPv4 pseudo-header that UDP and TCP checksums cover (RFC 768, RFC 9293 3.1). */
    public static int pseudoHeaderSum(Ipv4Address source, Ipv4Address destination, int protocol, int length) {
        long acc = (source.bits() >>> 16) + (source.bits() & 0xffff)
                + (destination.bits() >>> 16) + (destination.bits() & 0xffff)
                + protocol + length;
        return fold(acc);
    }

    private static int fold(long acc) {
        while ((acc >>> 16) != 0) {
            acc = (acc & 0xffff) + (acc >>> 16);
        }
        return (int) acc;
    }
}
