package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirestack.wire.TcpOptions.SackBlock;
import dev.wirestack.wire.TcpOptions.Timestamps;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Timestamps TS = new Timestamps(0x009f_6b2cL, 0);

    static String emitHex(TcpOptions options) {
        byte[] out = new byte[options.length()];
        options.emit(MemorySegment.ofArray(out));
        return HEX.formatHex(out);
    }

    static TcpOptions parseHex(String hex) throws MalformedPacketException {
        return TcpOptions.parse(MemorySegment.ofArray(HEX.parseHex(hex)), 20);
    }

    @Test
    void noneIsEmpty() throws MalformedPacketException {
        assertThat(TcpOptions.NONE.length()).isZero();
        assertThat(parseHex("")).isEqualTo(TcpOptions.NONE);
    }

    @Test
    void linuxSynLayout() {
        TcpOptions syn = TcpOptions.NONE.withMss(1460).withSackPermitted(true).withTimestamps(TS).withWindowScale(7);
        // MSS; SACK-permitted sharing a word with timestamps; NOP + window scale (net/ipv4/tcp_output.c).
        assertThat(emitHex(syn)).isEqualTo("020405b4" + "0402080a009f6b2c00000000" + "01030307");
        assertThat(syn.length()).isEqualTo(20);
    }

    @Test
    void timestampsAloneArePrecededByTwoNops() {
        assertThat(emitHex(TcpOptions.NONE.withTimestamps(TS))).isEqualTo("0101080a009f6b2c00000000");
    }

    @Test
    void sackPermittedWithoutTimestampsIsPrecededByTwoNops() {
        assertThat(emitHex(TcpOptions.NONE.withMss(536).withSackPermitted(true).withWindowScale(0)))
                .isEqualTo("02040218" + "01010402" + "01030300");
    }

    @Test
    void sackBlocksFollowTwoNops() {
        TcpOptions options = TcpOptions.NONE.withTimestamps(TS).withSackBlocks(List.of(
                new SackBlock(SeqNum.of(1000), SeqNum.of(2000))));
        assertThat(emitHex(options)).isEqualTo("0101080a009f6b2c00000000" + "0101050a000003e8000007d0");
    }

    @Test
    void combinationTooLongForTheAlignedLayoutIsPackedAndPaddedWithEol() throws MalformedPacketException {
        List<SackBlock> three = List.of(
                new SackBlock(SeqNum.of(1), SeqNum.of(2)),
                new SackBlock(SeqNum.of(3), SeqNum.of(4)),
                new SackBlock(SeqNum.of(5), SeqNum.of(6)));
        TcpOptions options = TcpOptions.NONE.withTimestamps(TS).withWindowScale(14).withSackBlocks(three);
        // Aligned would be 12 + 4 + 28 = 44 bytes; packed it is 10 + 3 + 26 = 39, padded to 40.
        assertThat(options.length()).isEqualTo(40);
        assertThat(emitHex(options)).isEqualTo("080a009f6b2c00000000" + "03030e" + "051a"
                + "0000000100000002" + "0000000300000004" + "0000000500000006" + "00");
        assertThat(parseHex(emitHex(options))).isEqualTo(options);
    }

    @Test
    void combinationsOver40BytesAreRefused() {
        List<SackBlock> four = List.of(
                new SackBlock(SeqNum.of(1), SeqNum.of(2)), new SackBlock(SeqNum.of(3), SeqNum.of(4)),
                new SackBlock(SeqNum.of(5), SeqNum.of(6)), new SackBlock(SeqNum.of(7), SeqNum.of(8)));
        assertThat(TcpOptions.NONE.withSackBlocks(four).length()).isEqualTo(36);
        assertThatThrownBy(() -> TcpOptions.NONE.withSackBlocks(four).withTimestamps(TS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("44 bytes");
        assertThatThrownBy(() -> TcpOptions.NONE.withSackBlocks(List.of(four.get(0), four.get(1), four.get(2),
                four.get(3), four.get(0)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valueRangesAreChecked() {
        assertThatThrownBy(() -> TcpOptions.NONE.withMss(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpOptions.NONE.withWindowScale(256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Timestamps(1L << 32, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Timestamps(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowScaleOver14IsKeptButUsedAs14() throws MalformedPacketException {
        TcpOptions options = parseHex("0103030f");
        assertThat(options.windowScale()).isEqualTo(15);
        assertThat(options.effectiveWindowScale()).isEqualTo(14);
        assertThat(parseHex("01030307").effectiveWindowScale()).isEqualTo(7);
        assertThat(TcpOptions.NONE.effectiveWindowScale()).isZero();
        assertThat(emitHex(options)).isEqualTo("0103030f");
    }

    @Test
    void unknownOptionsAreSkippedByTheirLength() throws MalformedPacketException {
        // kind 30 (MPTCP) with 6 bytes, then MSS.
        assertThat(parseHex("1e06aabbccdd020405b4")).isEqualTo(TcpOptions.NONE.withMss(1460));
    }

    @Test
    void endOfOptionListStopsParsing() throws MalformedPacketException {
        // Whatever follows EOL is padding, even bytes that would be malformed as options.
        assertThat(parseHex("020405b400ff0100")).isEqualTo(TcpOptions.NONE.withMss(1460));
    }

    @Test
    void aRepeatedOptionOverwritesTheEarlierOne() throws MalformedPacketException {
        assertThat(parseHex("020405b4020402180000").mss()).isEqualTo(536);
    }

    @Test
    void fourSackBlocksParseInWireOrder() throws MalformedPacketException {
        TcpOptions options = parseHex("0101" + "0522" + "0000000a00000014" + "fffffff000000005"
                + "0000001e00000028" + "0000003200000064");
        assertThat(options.sackBlocks()).containsExactly(
                new SackBlock(SeqNum.of(10), SeqNum.of(20)),
                new SackBlock(SeqNum.of(0xffff_fff0L), SeqNum.of(5)),
                new SackBlock(SeqNum.of(30), SeqNum.of(40)),
                new SackBlock(SeqNum.of(50), SeqNum.of(100)));
    }

    @Test
    void timestampsAreUnsigned() throws MalformedPacketException {
        assertThat(parseHex("0101080afffffffe80000000").timestamps())
                .isEqualTo(new Timestamps(0xffff_fffeL, 0x8000_0000L));
    }
}
