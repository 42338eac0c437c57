package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PcapProperties {

    @Property(tries = 200)
    void whatTheWriterWritesTheReaderReads(@ForAll("records") List<PcapRecord> records)
            throws IOException, MalformedPacketException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(file)) {
            for (PcapRecord record : records) {
                writer.write(record.timeNanos(), record.frame());
            }
        }

        List<PcapRecord> read;
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file.toByteArray()))) {
            assertThat(reader.hasNanosecondTimestamps()).isTrue();
            read = reader.readAll();
        }

        assertThat(read).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            assertThat(read.get(i).timeNanos()).isEqualTo(records.get(i).timeNanos());
            assertThat(read.get(i).frame()).isEqualTo(records.get(i).frame());
            assertThat(read.get(i).originalLength()).isEqualTo(records.get(i).frame().length);
        }
    }

    @Provide
    Arbitrary<List<PcapRecord>> records() {
        Arbitrary<Long> time = Arbitraries.longs().between(0, 0xffff_ffffL * 1_000_000_000L + 999_999_999L);
        return Combinators.combine(time, WireArbitraries.payloads(1600))
                .as((nanos, frame) -> new PcapRecord(nanos, frame, frame.length)).list().ofMaxSize(8);
    }
}
