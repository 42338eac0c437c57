package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wirestack.wire.TcpOptions.SackBlock;
import dev.wirestack.wire.TcpOptions.Timestamps;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TcpHeaderTest {
    private static final HexFormat HEX = HexFormat.of();
    static final Ipv4Address CLIENT = Ipv4Address.parse("192.168.0.104");
    static final Ipv4Address SERVER = Ipv4Address.parse("93.184.216.34");

    /**
     * A Linux SYN as captured, IPv4 header first: port 47482 to 80, data offset 10 words, options MSS 1460,
     * SACK-permitted, timestamps, NOP, window scale 7. Checksums computed outside this code base; tshark decodes
     * both golden segments with the fields asserted here and reports their TCP checksums "correct".
     */
    static final String LINUX_SYN_PACKET = "4500003c1c4640004006278bc0a800685db8d822"
            + "b97a0050" + "3a1c7e2d" + "00000000" + "a002" + "faf0" + "7844" + "0000"
            + "020405b4" + "0402080a" + "009f6b2c" + "00000000" + "01030307";
    static final String LINUX_SYN = LINUX_SYN_PACKET.substring(40);

    /** PSH+ACK with 6 bytes of data, timestamps and two SACK blocks: data offset 13 words. */
    static final String DATA_WITH_SACK = "b97a0050" + "3a1c7e2e" + "1f5a0c83" + "d018" + "01f6" + "62e1" + "0000"
            + "0101080a" + "009f6b90" + "7d2c1a0e"
            + "01010512" + "1f5a1083" + "1f5a1487" + "1f5a1c8b" + "1f5a208f"
            + "68656c6c6f0a";

    static MemorySegment segment(String hex) {
        return MemorySegment.ofArray(HEX.parseHex(hex));
    }

    static String emitHex(TcpHeader header, byte[] payload, Ipv4Address source, Ipv4Address destination) {
        byte[] out = new byte[header.length() + payload.length];
        header.emit(MemorySegment.ofArray(out), MemorySegment.ofArray(payload), source, destination);
        return HEX.formatHex(out);
    }

    static final TcpHeader LINUX_SYN_HEADER = new TcpHeader(47482, 80, SeqNum.of(0x3a1c7e2dL), SeqNum.ZERO,
            TcpHeader.SYN, 64240, 0, new TcpOptions(1460, 7, true, List.of(), new Timestamps(0x009f6b2cL, 0)));

    static final TcpHeader DATA_WITH_SACK_HEADER = new TcpHeader(47482, 80, SeqNum.of(0x3a1c7e2eL),
            SeqNum.of(0x1f5a0c83L), TcpHeader.PSH | TcpHeader.ACK, 502, 0,
            TcpOptions.NONE.withTimestamps(new Timestamps(0x009f6b90L, 0x7d2c1a0eL)).withSackBlocks(List.of(
                    new SackBlock(SeqNum.of(0x1f5a1083L), SeqNum.of(0x1f5a1487L)),
                    new SackBlock(SeqNum.of(0x1f5a1c8bL), SeqNum.of(0x1f5a208fL)))));

    @Test
    void linuxSynDeconstruct() throws MalformedPacketException {
        MemorySegment packet = segment(LINUX_SYN_PACKET);
        assertThat(Checksum.sum(packet, 0, 20, 0)).as("IPv4 header checksum").isEqualTo(0xffff);
        TcpSegment parsed = TcpHeader.parse(packet.asSlice(20), CLIENT, SERVER);
        TcpHeader header = parsed.header();
        assertThat(header.sourcePort()).isEqualTo(47482);
        assertThat(header.destinationPort()).isEqualTo(80);
        assertThat(header.sequenceNumber().unsigned()).isEqualTo(974945837L);
        assertThat(header.acknowledgmentNumber()).isEqualTo(SeqNum.ZERO);
        assertThat(header.flags()).isEqualTo(TcpHeader.SYN);
        assertThat(header.has(TcpHeader.SYN)).isTrue();
        assertThat(header.has(TcpHeader.ACK)).isFalse();
        assertThat(header.window()).isEqualTo(64240);
        assertThat(header.urgentPointer()).isZero();
        assertThat(header.length()).isEqualTo(40);
        TcpOptions options = header.options();
        assertThat(options.mss()).isEqualTo(1460);
        assertThat(options.sackPermitted()).isTrue();
        assertThat(options.timestamps()).isEqualTo(new Timestamps(10447660L, 0));
        assertThat(options.windowScale()).isEqualTo(7);
        assertThat(options.sackBlocks()).isEmpty();
        assertThat(parsed.payload().byteSize()).isZero();
        assertThat(header).isEqualTo(LINUX_SYN_HEADER);
    }

    @Test
    void linuxSynConstruct() {
        assertThat(emitHex(LINUX_SYN_HEADER, new byte[0], CLIENT, SERVER)).isEqualTo(LINUX_SYN);
    }

    @Test
    void dataSegmentWithSackBlocksDeconstruct() throws MalformedPacketException {
        TcpSegment parsed = TcpHeader.parse(segment(DATA_WITH_SACK), CLIENT, SERVER);
        assertThat(parsed.header()).isEqualTo(DATA_WITH_SACK_HEADER);
        assertThat(parsed.header().length()).isEqualTo(52);
        assertThat(parsed.header().flagNames()).isEqualTo("[PSH, ACK]");
        assertThat(new String(Bytes.toArray(parsed.payload()))).isEqualTo("hello\n");
    }

    @Test
    void dataSegmentWithSackBlocksConstruct() {
        assertThat(emitHex(DATA_WITH_SACK_HEADER, "hello\n".getBytes(), CLIENT, SERVER)).isEqualTo(DATA_WITH_SACK);
    }

    @Test
    void payloadIsASliceOfTheInputNotACopy() throws MalformedPacketException {
        byte[] bytes = HEX.parseHex(DATA_WITH_SACK);
        TcpSegment parsed = TcpHeader.parse(MemorySegment.ofArray(bytes), CLIENT, SERVER);
        bytes[bytes.length - 1] = '!';
        assertThat(new String(Bytes.toArray(parsed.payload()))).isEqualTo("hello!");
    }

    @Test
    void checksumCoversThePseudoHeader() {
        Ipv4Address other = Ipv4Address.parse("192.168.0.105");
        Problem problem = parseProblem(LINUX_SYN, other, SERVER);
        assertThat(problem.kind()).isEqualTo(ProblemKind.BAD_CHECKSUM);
        assertThat(problem.actual()).isEqualTo(0x7844);
        assertThat(problem.expected()).isEqualTo(0x7843);
    }

    @Test
    void reservedBitsAreIgnoredOnReceipt() throws MalformedPacketException {
        // RFC 9293 section 3.1: the four reserved bits after the data offset are ignored by receivers.
        byte[] bytes = HEX.parseHex(LINUX_SYN);
        bytes[12] |= 0x0f;
        fixChecksum(bytes, CLIENT, SERVER);
        assertThat(TcpHeader.parse(MemorySegment.ofArray(bytes), CLIENT, SERVER).header()).isEqualTo(LINUX_SYN_HEADER);
    }

    @Test
    void flagStrings() {
        int synAck = TcpHeader.SYN | TcpHeader.ACK;
        assertThat(TcpHeader.flagNames(synAck)).isEqualTo("[SYN, ACK]");
        assertThat(TcpHeader.tcpdumpFlags(synAck)).isEqualTo("S.");
        assertThat(TcpHeader.tcpdumpFlags(TcpHeader.PSH | TcpHeader.ACK)).isEqualTo("P.");
        assertThat(TcpHeader.tcpdumpFlags(TcpHeader.FIN | TcpHeader.ACK)).isEqualTo("F.");
        assertThat(TcpHeader.tcpdumpFlags(TcpHeader.RST)).isEqualTo("R");
        assertThat(TcpHeader.tcpdumpFlags(TcpHeader.SYN | TcpHeader.ECE | TcpHeader.CWR)).isEqualTo("SEW");
        assertThat(TcpHeader.tcpdumpFlags(0)).isEqualTo("none");
        assertThat(TcpHeader.flagNames(0xff & ~TcpHeader.SYN))
                .isEqualTo("[FIN, RST, PSH, ACK, URG, ECE, CWR]");
        assertThat(TcpHeader.flagNames(0)).isEqualTo("[]");
        assertThat(LINUX_SYN_HEADER.tcpdumpFlags()).isEqualTo("S");
    }

    @Test
    void constructorRefusesWhatParseWouldRefuse() {
        TcpHeader ok = TcpHeader.of(1, 2, SeqNum.ZERO, SeqNum.ZERO, TcpHeader.ACK, 0);
        assertThatThrownBy(() -> ok.withFlags(TcpHeader.SYN | TcpHeader.FIN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withFlags(TcpHeader.SYN | TcpHeader.RST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withFlags(0x100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpHeader.of(0, 2, SeqNum.ZERO, SeqNum.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ok.withWindow(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emitRefusesTooSmallAnOutput() {
        MemorySegment out = MemorySegment.ofArray(new byte[39]);
        assertThatThrownBy(() -> LINUX_SYN_HEADER.emit(out, MemorySegment.ofArray(new byte[0]), CLIENT, SERVER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A valid 24-byte segment (one word of options) to mutate: ports 1234 to 80, ACK, NOP NOP NOP NOP. */
    private static final String BASE = "04d20050" + "00000001" + "00000002" + "6010" + "ffff" + "0000" + "0000"
            + "01010101";

    static Stream<Arguments> malformed() {
        return Stream.of(
                malformed("19 bytes", BASE.substring(0, 38), true, ProblemKind.TRUNCATED, "header", 0),
                malformed("empty", "", true, ProblemKind.TRUNCATED, "header", 0),
                malformed("data offset 4", patch(BASE, 12, "40"), true, ProblemKind.BAD_HEADER_LENGTH, "dataOffset", 12),
                malformed("data offset 0", patch(BASE, 12, "00"), true, ProblemKind.BAD_HEADER_LENGTH, "dataOffset", 12),
                malformed("data offset past buffer", patch(BASE, 12, "70"), true, ProblemKind.BAD_HEADER_LENGTH,
                        "dataOffset", 12),
                malformed("checksum wrong", patch(BASE, 16, "1234"), false, ProblemKind.BAD_CHECKSUM, "checksum", 16),
                malformed("SYN+FIN", patch(BASE, 13, "03"), true, ProblemKind.BAD_FLAGS, "flags", 13),
                malformed("SYN+RST+ACK", patch(BASE, 13, "16"), true, ProblemKind.BAD_FLAGS, "flags", 13),
                malformed("source port 0", patch(BASE, 0, "0000"), true, ProblemKind.BAD_VALUE, "sourcePort", 0),
                malformed("destination port 0", patch(BASE, 2, "0000"), true, ProblemKind.BAD_VALUE,
                        "destinationPort", 2),
                malformed("option length 0", patch(BASE, 20, "1e00"), true, ProblemKind.BAD_OPTION, "option.length", 21),
                malformed("option length 1", patch(BASE, 20, "1e01"), true, ProblemKind.BAD_OPTION, "option.length", 21),
                malformed("option past the area", patch(BASE, 20, "0205"), true, ProblemKind.BAD_OPTION,
                        "option.length", 21),
                malformed("kind without a length byte", patch(BASE, 23, "02"), true, ProblemKind.BAD_OPTION,
                        "option.length", 24),
                malformed("MSS length 3", patch(BASE, 20, "020305"), true, ProblemKind.BAD_OPTION, "mss.length", 21),
                malformed("window scale length 4", patch(BASE, 20, "03040700"), true, ProblemKind.BAD_OPTION,
                        "windowScale.length", 21),
                malformed("SACK-permitted length 3", patch(BASE, 20, "040300"), true, ProblemKind.BAD_OPTION,
                        "sackPermitted.length", 21),
                malformed("SACK with no block", patch(BASE, 20, "0502"), true, ProblemKind.BAD_OPTION, "sack.length", 21),
                malformed("timestamps length 8", withOptionArea("0808000000000000" + "01010101"), true,
                        ProblemKind.BAD_OPTION, "timestamps.length", 21),
                malformed("SACK length 2+7", withOptionArea("0509" + "00".repeat(7) + "010101"), true,
                        ProblemKind.BAD_OPTION, "sack.length", 21),
                malformed("SACK length 2+10", withOptionArea("0101" + "050c" + "00".repeat(10) + "0101"), true,
                        ProblemKind.BAD_OPTION, "sack.length", 23),
                malformed("unknown option past a 40-byte area", withOptionArea("01".repeat(36) + "1e05" + "0000"),
                        true, ProblemKind.BAD_OPTION, "option.length", 57));
    }

    /** BASE with its options area replaced (a multiple of 4 bytes) and the data offset set to match. */
    static String withOptionArea(String optionsHex) {
        int words = 5 + optionsHex.length() / 8;
        return patch(BASE.substring(0, 40), 12, HEX.toHexDigits((byte) (words << 4))) + optionsHex;
    }

    private static Arguments malformed(String name, String hex, boolean fixChecksum, ProblemKind kind, String field,
                                       int offset) {
        byte[] bytes = HEX.parseHex(hex);
        if (fixChecksum && bytes.length >= 20) {
            fixChecksum(bytes, CLIENT, SERVER);
        }
        return Arguments.of(name, HEX.formatHex(bytes), kind, field, offset);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedSegmentsNameTheirProblem(String name, String hex, ProblemKind kind, String field, int offset) {
        Problem problem = parseProblem(hex, CLIENT, SERVER);
        assertThat(problem.layer()).isEqualTo(Layer.TCP);
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.offset()).isEqualTo(offset);
    }

    @Test
    void problemsCarryExpectedAndActualValues() {
        Problem offset = parseProblem(fixed(patch(BASE, 12, "40")), CLIENT, SERVER);
        assertThat(offset.expected()).isEqualTo(5);
        assertThat(offset.actual()).isEqualTo(4);
        Problem mss = parseProblem(fixed(patch(BASE, 20, "020305")), CLIENT, SERVER);
        assertThat(mss.expected()).isEqualTo(4);
        assertThat(mss.actual()).isEqualTo(3);
        assertThat(mss.describe()).isEqualTo("tcp.mss.length at byte 21: BAD_OPTION (expected 4, got 3)");
    }

    static String fixed(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        fixChecksum(bytes, CLIENT, SERVER);
        return HEX.formatHex(bytes);
    }

    static Problem parseProblem(String hex, Ipv4Address source, Ipv4Address destination) {
        MalformedPacketException thrown = catchThrowableOfType(MalformedPacketException.class,
                () -> TcpHeader.parse(segment(hex), source, destination));
        assertThat(thrown).as("parse of %s", hex).isNotNull();
        return thrown.problem();
    }

    /** Replaces bytes starting at {@code offset} with {@code replacement}. */
    static String patch(String hex, int offset, String replacement) {
        return hex.substring(0, 2 * offset) + replacement + hex.substring(2 * offset + replacement.length());
    }

    static void fixChecksum(byte[] bytes, Ipv4Address source, Ipv4Address destination) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        Bytes.putU16(s, 16, 0);
        int pseudo = Checksum.pseudoHeaderSum(source, destination, 6, bytes.length);
        Bytes.putU16(s, 16, Checksum.finish(Checksum.sum(s, 0, bytes.length, pseudo)));
    }
}
