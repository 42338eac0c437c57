package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The Internet checksum of RFC 1071: the 16-bit one's complement of the one's complement sum of the data.
 *
 * <p>Speed comes from RFC 1071's byte-order independence (section 2B): the sum is computed over wide words in the
 * machine's native order (32-bit words of a byte array, 64-bit words of other segments), the carries kept in the
 * upper half of a long, then folded to 16 bits and byte-swapped once at the end.
 */
public final class Checksum {
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final boolean NATIVE_IS_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private Checksum() {
    }

    /**
     * The one's complement sum of {@code length} bytes at {@code offset}, added to {@code initial} (a previous
     * result, or a pseudo-header sum), folded to 16 bits in network order. An odd last byte is padded with zero.
     */
    public static int sum(MemorySegment data, long offset, long length, int initial) {
        Objects.checkFromIndexSize(offset, length, data.byteSize());
        long acc = data.heapBase().orElse(null) instanceof byte[] array
                ? sumArray(array, (int) (data.address() + offset), (int) length)
                : sumSegment(data, offset, length);
        int folded = fold(acc);
        int networkOrder = NATIVE_IS_BIG_ENDIAN ? folded : Integer.reverseBytes(folded) >>> 16;
        return fold((long) networkOrder + initial);
    }

    /**
     * The unfolded native-order sum of a byte array range: the hot case (every frame is a byte[]). 32-bit words are
     * added into one 64-bit accumulator (it cannot overflow before 2^32 words) in a plain counted loop, a shape C2
     * vectorises (SuperWord: zero-extending loads and a long add reduction): about three times faster on a
     * 1460-byte segment than the hand-unrolled loop with four accumulators it replaces, which C2 left scalar.
     */
    private static long sumArray(byte[] array, int start, int length) {
        int words = length / 4;
        long acc = 0;
        for (int k = 0; k < words; k++) {
            acc += Integer.toUnsignedLong((int) INTS.get(array, start + k * 4));
        }
        int i = start + words * 4;
        int end = start + length;
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            tail |= (array[i] & 0xffL) << (NATIVE_IS_BIG_ENDIAN ? 24 - shift : shift);
        }
        return acc + tail;
    }

    /** The same sum over any segment (off-heap, read-only views). */
    private static long sumSegment(MemorySegment data, long offset, long length) {
        long acc = 0;
        long i = 0;
        for (; i + 8 <= length; i += 8) {
            long word = data.get(WORD, offset + i);
            acc += (word >>> 32) + (word & 0xffff_ffffL);
        }
        long tail = 0;
        int shift = 0;
        for (; i < length; i++, shift += 8) {
            tail |= (data.get(ValueLayout.JAVA_BYTE, offset + i) & 0xffL) << (NATIVE_IS_BIG_ENDIAN ? 56 - shift : shift);
        }
        return acc + (tail >>> 32) + (tail & 0xffff_ffffL);
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

    /** Folds a 64-bit one's complement sum to 16 bits, without a data-dependent loop. */
    static int fold(long acc) {
        long sum = (acc & 0xffff_ffffL) + (acc >>> 32); // at most 33 bits
        sum = (sum & 0xffff_ffffL) + (sum >>> 32); // 32 bits
        sum = (sum & 0xffff) + (sum >>> 16); // at most 17 bits
        sum = (sum & 0xffff) + (sum >>> 16);
        return (int) ((sum & 0xffff) + (sum >>> 16));
    }
}
