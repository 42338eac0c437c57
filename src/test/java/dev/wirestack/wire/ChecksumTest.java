package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    /** A byte-at-a-time RFC 1071 sum: slow, obviously right, the reference for the fast one. */
    static int referenceChecksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i < data.length; i += 2) {
            int high = data[i] & 0xff;
            int low = i + 1 < data.length ? data[i + 1] & 0xff : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    @Test
    void rfc1071WorkedExample() {
        // RFC 1071 section 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2, so the checksum is 220d.
        byte[] data = HexFormat.of().parseHex("0001f203f4f5f6f7");
        assertThat(Checksum.sum(MemorySegment.ofArray(data), 0, data.length, 0)).isEqualTo(0xddf2);
        assertThat(Checksum.compute(MemorySegment.ofArray(data), 0, data.length)).isEqualTo(0x220d);
    }

    @Test
    void ipv4HeaderWithItsChecksumSumsToAllOnes() {
        // A real IPv4 header (checksum b861 at bytes 10-11): summing it whole gives 0xffff.
        byte[] header = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        header[10] = (byte) 0xb8;
        header[11] = (byte) 0x61;
        assertThat(Checksum.sum(MemorySegment.ofArray(header), 0, header.length, 0)).isEqualTo(0xffff);
    }

    @Property
    void matchesTheByteAtATimeReference(@ForAll @Size(max = 3000) byte[] data) {
        assertThat(Checksum.compute(MemorySegment.ofArray(data), 0, data.length)).isEqualTo(referenceChecksum(data));
    }

    /** Any range of an array, at any alignment (frames put headers at offsets 14, 34, 54), and off-heap alike. */
    @Property
    void anyRangeMatchesTheReference(@ForAll @Size(max = 1600) byte[] data, @ForAll @IntRange(max = 7) int from,
                                     @ForAll @IntRange(max = 7) int cut) {
        int start = Math.min(from, data.length);
        int end = Math.max(start, data.length - cut);
        byte[] range = java.util.Arrays.copyOfRange(data, start, end);
        MemorySegment offHeap = Arena.ofAuto().allocate(Math.max(1, data.length));
        MemorySegment.copy(MemorySegment.ofArray(data), 0, offHeap, 0, data.length);

        assertThat(Checksum.compute(MemorySegment.ofArray(data), start, end - start))
                .isEqualTo(referenceChecksum(range));
        assertThat(Checksum.compute(offHeap, start, end - start)).isEqualTo(referenceChecksum(range));
    }

    @Property
    void sumsOfEvenLengthPartsCombine(@ForAll @Size(max = 500) byte[] first, @ForAll @Size(max = 500) byte[] second) {
        byte[] evenFirst = first.length % 2 == 0 ? first : java.util.Arrays.copyOf(first, first.length + 1);
        byte[] whole = new byte[evenFirst.length + second.length];
        System.arraycopy(evenFirst, 0, whole, 0, evenFirst.length);
        System.arraycopy(second, 0, whole, evenFirst.length, second.length);
        int partial = Checksum.sum(MemorySegment.ofArray(evenFirst), 0, evenFirst.length, 0);
        int combined = Checksum.finish(Checksum.sum(MemorySegment.ofArray(second), 0, second.length, partial));
        assertThat(combined).isEqualTo(referenceChecksum(whole));
    }
}
