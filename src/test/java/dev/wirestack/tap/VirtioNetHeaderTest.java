package dev.wirestack.tap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The virtio-net header of a TAP with offloads: its little-endian layout, and finishing a left-over checksum. */
class VirtioNetHeaderTest {

    @Test
    void itIsTenLittleEndianBytes() {
        byte[] bytes = new byte[VirtioNetHeader.LENGTH];
        new VirtioNetHeader(1, 1, 66, 1448, 34, 16).emit(bytes);

        assertThat(bytes).containsExactly(1, 1, 66, 0, (byte) 0xa8, 5, 34, 0, 16, 0);
        assertThat(VirtioNetHeader.parse(bytes)).isEqualTo(new VirtioNetHeader(1, 1, 66, 1448, 34, 16));
    }

    /** RFC 1071's example words 0001 f203 f4f5 f6f7 sum to ddf2; with the field (0) included the checksum is 220d. */
    @Test
    void finishingAChecksumStoresTheComplementOfTheSumFromItsStart() {
        byte[] frame = {9, 9, 0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7, 0, 0};
        VirtioNetHeader header = new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, 0, 0, 0, 2, 8);

        assertThat(header.finishChecksum(MemorySegment.ofArray(frame), 0, frame.length)).isTrue();

        assertThat(frame[10] & 0xff).isEqualTo(0x22);
        assertThat(frame[11] & 0xff).isEqualTo(0x0d);
        assertThat(frame[0]).as("bytes before the start are not covered").isEqualTo((byte) 9);
    }

    @Test
    void aChecksumFieldOutsideTheFrameIsRefused_andNothingChanges() {
        byte[] frame = new byte[20];
        VirtioNetHeader header = new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, 0, 0, 0, 10, 16);

        assertThat(header.finishChecksum(MemorySegment.ofArray(frame), 0, frame.length)).isFalse();
        assertThat(frame).containsOnly(0);
    }

    @Test
    void aFrameWithoutTheFlagIsLeftAsItIs() {
        byte[] frame = {1, 2, 3, 4};

        assertThat(VirtioNetHeader.PLAIN.finishChecksum(MemorySegment.ofArray(frame), 0, frame.length)).isTrue();
        assertThat(frame).containsExactly(1, 2, 3, 4);
    }
}
