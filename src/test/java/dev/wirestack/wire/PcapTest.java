package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcapTest {

    @Test
    void writesANanosecondLittleEndianFileHeaderAndRecords() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(file)) {
            writer.write(3_000_000_007L, new byte[] {1, 2, 3});
        }

        assertThat(file.toByteArray()).isEqualTo(Golden.bytes("""
                4d3cb2a1 0200 0400 00000000 00000000 00000400 01000000
                03000000 07000000 03000000 03000000 010203"""));
    }

    @Test
    void readsABigEndianMicrosecondFile() throws IOException, MalformedPacketException {
        byte[] file = Golden.bytes("""
                a1b2c3d4 0002 0004 00000000 00000000 0000ffff 00000001
                00000001 00000002 00000002 0000003c abcd""");
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
            assertThat(reader.hasNanosecondTimestamps()).isFalse();
            assertThat(reader.snapLength()).isEqualTo(65535);

            PcapRecord record = reader.next();
            assertThat(record.timeNanos()).isEqualTo(1_000_002_000L);
            assertThat(record.frame()).isEqualTo(Golden.bytes("abcd"));
            assertThat(record.originalLength()).isEqualTo(60);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void readsALittleEndianMicrosecondFileAndBigEndianNanoseconds() throws IOException, MalformedPacketException {
        byte[] micro = Golden.bytes("d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000"
                + "05000000 3f420f00 01000000 01000000 ff");
        byte[] nano = Golden.bytes("a1b23c4d 0002 0004 00000000 00000000 00040000 00000001"
                + "00000005 3b9ac9ff 00000001 00000001 ff");

        assertThat(readOnly(micro).timeNanos()).as("5 s + 999999 µs").isEqualTo(5_999_999_000L);
        assertThat(readOnly(nano).timeNanos()).isEqualTo(5_999_999_999L);
    }

    @Test
    void framesLongerThanTheSnaplenAreCutKeepingTheirLength() throws IOException, MalformedPacketException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        byte[] jumbo = new byte[300_000];
        Arrays.fill(jumbo, (byte) 7);
        try (PcapWriter writer = new PcapWriter(file)) {
            writer.write(0, jumbo);
        }

        PcapRecord record = readOnly(file.toByteArray());

        assertThat(record.frame()).hasSize(262_144);
        assertThat(record.originalLength()).isEqualTo(300_000);
    }

    private static PcapRecord readOnly(byte[] file) throws IOException, MalformedPacketException {
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
            PcapRecord record = reader.next();
            assertThat(reader.next()).isNull();
            return record;
        }
    }
}
