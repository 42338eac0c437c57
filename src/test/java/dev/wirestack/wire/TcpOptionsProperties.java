package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpOptions.SackBlock;
import dev.wirestack.wire.TcpOptions.Timestamps;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class TcpOptionsProperties {

    static Arbitrary<SeqNum> seqNums() {
        return Arbitraries.integers().map(SeqNum::new);
    }

    /** Any combination that fits in 40 bytes, each option present about half the time. */
    static Arbitrary<TcpOptions> anyOptions() {
        Arbitrary<Integer> mss = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 0xffff));
        Arbitrary<Integer> windowScale = Arbitraries.oneOf(Arbitraries.just(-1), Arbitraries.integers().between(0, 255));
        Arbitrary<SackBlock> block = Combinators.combine(seqNums(), seqNums()).as(SackBlock::new);
        Arbitrary<Long> u32 = Arbitraries.longs().between(0, 0xffff_ffffL);
        Arbitrary<Timestamps> timestamps = Combinators.combine(u32, u32).as(Timestamps::new).injectNull(0.5);
        return Combinators.combine(mss, windowScale, Arbitraries.of(true, false), block.list().ofMaxSize(4), timestamps)
                .as(TcpOptions::new)
                .ignoreException(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<TcpOptions> options() {
        return anyOptions();
    }

    @Property
    void parseOfEmitGivesBackTheOptions(@ForAll("options") TcpOptions options) throws MalformedPacketException {
        byte[] area = new byte[options.length()];
        options.emit(MemorySegment.ofArray(area));
        assertThat(TcpOptions.parse(MemorySegment.ofArray(area), 20)).isEqualTo(options);
    }

    /**
     * Timestamps alone in Linux's layout (NOP, NOP, TS: read by the fast path) and placed first with EOL padding
     * (read option by option) give the same options.
     */
    @Property
    void alignedTimestampsParseAsTheGeneralLayoutDoes(@ForAll int value, @ForAll int echoReply)
            throws MalformedPacketException {
        MemorySegment aligned = MemorySegment.ofArray(new byte[12]);
        Bytes.putI32(aligned, 0, 0x0101080a);
        Bytes.putI32(aligned, 4, value);
        Bytes.putI32(aligned, 8, echoReply);
        MemorySegment padded = MemorySegment.ofArray(new byte[12]);
        Bytes.putU16(padded, 0, 0x080a);
        Bytes.putI32(padded, 2, value);
        Bytes.putI32(padded, 6, echoReply);

        TcpOptions expected = TcpOptions.NONE.withTimestamps(
                new Timestamps(Integer.toUnsignedLong(value), Integer.toUnsignedLong(echoReply)));
        assertThat(TcpOptions.parse(aligned, 20)).isEqualTo(expected);
        assertThat(TcpOptions.parse(padded, 20)).isEqualTo(expected);
    }

    @Property
    void lengthIsAMultipleOf4WithinTheArea(@ForAll("options") TcpOptions options) {
        assertThat(options.length()).isBetween(0, TcpOptions.MAX_LENGTH);
        assertThat(options.length() % 4).isZero();
    }

    @Property
    void anyBytesParseOrAreMalformed(@ForAll @Size(max = 40) byte[] area) {
        try {
            TcpOptions parsed = TcpOptions.parse(MemorySegment.ofArray(area), 20);
            assertThat(parsed.length()).isLessThanOrEqualTo(TcpOptions.MAX_LENGTH);
        } catch (MalformedPacketException e) {
            assertThat(e.problem().kind()).isEqualTo(ProblemKind.BAD_OPTION);
            assertThat(e.problem().offset()).isBetween(20, 20 + area.length);
        }
    }
}
