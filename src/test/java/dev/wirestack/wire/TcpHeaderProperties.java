package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TcpHeaderProperties {
    private static final Ipv4Address SOURCE = TcpHeaderTest.CLIENT;
    private static final Ipv4Address DESTINATION = TcpHeaderTest.SERVER;

    record Valid(TcpHeader header, byte[] payload) {
        byte[] bytes() {
            byte[] out = new byte[header.length() + payload.length];
            header.emit(MemorySegment.ofArray(out), MemorySegment.ofArray(payload), SOURCE, DESTINATION);
            return out;
        }
    }

    @Provide
    Arbitrary<TcpHeader> headers() {
        Arbitrary<Integer> port = Arbitraries.integers().between(1, 0xffff);
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 0xff)
                .filter(f -> (f & TcpHeader.SYN) == 0 || (f & (TcpHeader.FIN | TcpHeader.RST)) == 0);
        return Combinators.combine(port, port, TcpOptionsProperties.seqNums(), TcpOptionsProperties.seqNums(), flags,
                        u16, u16, TcpOptionsProperties.anyOptions())
                .as(TcpHeader::new);
    }

    /** Generated segments, plus the two golden captures so the real layouts are always mutated too. */
    @Provide
    Arbitrary<Valid> segments() {
        Arbitrary<Valid> generated = Combinators.combine(headers(), Arbitraries.bytes().array(byte[].class).ofMaxSize(16))
                .as(Valid::new);
        return Arbitraries.frequencyOf(
                Tuple.of(8, generated),
                Tuple.of(1, Arbitraries.just(new Valid(TcpHeaderTest.LINUX_SYN_HEADER, new byte[0]))),
                Tuple.of(1, Arbitraries.just(new Valid(TcpHeaderTest.DATA_WITH_SACK_HEADER,
                        "hello\n".getBytes()))));
    }

    @Property
    void parseOfEmitGivesBackTheHeaderAndPayload(@ForAll("segments") Valid valid) throws MalformedPacketException {
        TcpSegment parsed = TcpHeader.parse(MemorySegment.ofArray(valid.bytes()), SOURCE, DESTINATION);
        assertThat(parsed.header()).isEqualTo(valid.header());
        assertThat(Bytes.toArray(parsed.payload())).isEqualTo(valid.payload());
    }

    /** A segment written in place at an offset of a larger buffer (a whole frame) has the bytes of one on its own. */
    @Property
    void emitAroundAtAnOffsetWritesTheSameBytes(@ForAll("segments") Valid valid,
                                                @ForAll @IntRange(max = 40) int offset, @ForAll byte fill) {
        byte[] alone = valid.bytes();
        byte[] frame = new byte[offset + alone.length + 3];
        java.util.Arrays.fill(frame, fill);
        MemorySegment out = MemorySegment.ofArray(frame);
        MemorySegment.copy(MemorySegment.ofArray(valid.payload()), 0, out, offset + valid.header().length(),
                valid.payload().length);

        valid.header().emitAround(out, offset, valid.payload().length, SOURCE, DESTINATION);

        assertThat(java.util.Arrays.copyOfRange(frame, offset, offset + alone.length)).isEqualTo(alone);
        assertThat(frame[frame.length - 1]).as("nothing written past the segment").isEqualTo(fill);
        if (offset > 0) {
            assertThat(frame[offset - 1]).as("nothing written before the segment").isEqualTo(fill);
        }
    }

    @Property
    void everyTruncationParsesOrIsMalformed(@ForAll("segments") Valid valid) {
        byte[] bytes = valid.bytes();
        for (int length = 0; length <= bytes.length; length++) {
            parsesOrIsMalformed(MemorySegment.ofArray(bytes).asSlice(0, length));
        }
    }

    @Property
    void everySingleBitFlipParsesOrIsMalformed(@ForAll("segments") Valid valid) {
        byte[] bytes = valid.bytes();
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            parsesOrIsMalformed(MemorySegment.ofArray(flipped));
        }
    }

    /**
     * A flip behind a repaired checksum reaches the checks that sit after it (options, flags, ports): each bit of
     * the header then either parses or names its problem.
     */
    @Property
    void everyBitFlipWithARepairedChecksumParsesOrIsMalformed(@ForAll("segments") Valid valid) {
        byte[] bytes = valid.bytes();
        int headerBits = valid.header().length() * 8;
        for (int bit = 0; bit < headerBits; bit++) {
            byte[] flipped = bytes.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            TcpHeaderTest.fixChecksum(flipped, SOURCE, DESTINATION);
            parsesOrIsMalformed(MemorySegment.ofArray(flipped));
        }
    }

    @Property
    void anyBytesParseOrAreMalformed(@ForAll @Size(max = 80) byte[] bytes) {
        parsesOrIsMalformed(MemorySegment.ofArray(bytes));
    }

    private static void parsesOrIsMalformed(MemorySegment segment) {
        try {
            TcpSegment parsed = TcpHeader.parse(segment, SOURCE, DESTINATION);
            // The payload is exactly what follows the data offset.
            long wireHeaderLength = segment.byteSize() - parsed.payload().byteSize();
            assertThat(wireHeaderLength)
                    .as("header length of %s", HexFormat.of().formatHex(Bytes.toArray(segment)))
                    .isEqualTo((Bytes.u8(segment, 12) >>> 4) * 4L);
        } catch (MalformedPacketException e) {
            assertThat(e.problem().layer()).isEqualTo(Layer.TCP);
            assertThat(e.problem().offset()).isBetween(0, (int) segment.byteSize());
        }
    }
}
