package dev.wirestack.tcp;

import dev.wirestack.tcp.ReceiveReassembler.Advanced;
import dev.wirestack.tcp.ReceiveReassembler.Dropped;
import dev.wirestack.tcp.ReceiveReassembler.Held;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpOptions.SackBlock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Out-of-order reassembly in bounded memory, hole by hole. */
class ReceiveReassemblerTest {
    static final SeqNum ISN1 = SeqNum.of(1000);

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String readAll(ReceiveReassembler r) {
        return new String(r.readAll(), StandardCharsets.US_ASCII);
    }

    static SackBlock block(long left, long right) {
        return new SackBlock(SeqNum.of(left), SeqNum.of(right));
    }

    @Test
    void inOrderData_advancesRcvNxtAndIsReadable() {
        var r = new ReceiveReassembler(ISN1, 100, 4);
        assertThat(r.add(ISN1, text("hello"))).isEqualTo(new Advanced(5));
        assertThat(r.rcvNxt()).isEqualTo(SeqNum.of(1005));
        assertThat(r.window()).isEqualTo(95);
        assertThat(readAll(r)).isEqualTo("hello");
        assertThat(r.window()).isEqualTo(100);
    }

    @Test
    void aHole_holdsLaterDataUntilItIsFilled() {
        var r = new ReceiveReassembler(ISN1, 100, 4);
        assertThat(r.add(SeqNum.of(1005), text("world"))).isEqualTo(Held.OUT_OF_ORDER);
        assertThat(r.readable()).isZero();
        assertThat(r.rcvNxt()).isEqualTo(ISN1);
        assertThat(r.outOfOrderBytes()).isEqualTo(5);
        assertThat(r.sackBlocks(4)).containsExactly(block(1005, 1010));
        assertThat(r.add(ISN1, text("hello"))).isEqualTo(new Advanced(10));
        assertThat(readAll(r)).isEqualTo("helloworld");
        assertThat(r.blockCount()).isZero();
        assertThat(r.sackBlocks(4)).isEmpty();
    }

    @Test
    void overlaps_keepTheBytesThatArrivedFirst() {
        var r = new ReceiveReassembler(ISN1, 100, 4);
        r.add(SeqNum.of(1002), text("CDE"));
        assertThat(r.add(SeqNum.of(1001), text("bcdef"))).isEqualTo(Held.OUT_OF_ORDER); // b and f are new
        assertThat(r.add(SeqNum.of(1002), text("xx"))).isEqualTo(Held.NOTHING_NEW);
        assertThat(r.add(ISN1, text("a"))).isEqualTo(new Advanced(6));
        assertThat(readAll(r)).isEqualTo("abCDEf");
    }

    @Test
    void oldDuplicates_andEmptySegments_bringNothingNew() {
        var r = new ReceiveReassembler(ISN1, 100, 4);
        r.add(ISN1, text("abc"));
        assertThat(r.add(ISN1, text("abc"))).isEqualTo(Held.NOTHING_NEW);
        assertThat(r.add(SeqNum.of(1003), new byte[0])).isEqualTo(Held.NOTHING_NEW);
        assertThat(r.add(SeqNum.of(1001), text("bcde"))).isEqualTo(new Advanced(2)); // the old part is trimmed
        assertThat(readAll(r)).isEqualTo("abcde");
    }

    @Test
    void dataBeyondTheWindow_isTrimmedOrDropped() {
        var r = new ReceiveReassembler(ISN1, 10, 4);
        assertThat(r.add(SeqNum.of(1010), text("z"))).isEqualTo(Dropped.BEYOND_WINDOW);
        assertThat(r.add(SeqNum.of(1008), text("ijkl"))).isEqualTo(Held.OUT_OF_ORDER); // only "ij" fits
        assertThat(r.sackBlocks(4)).containsExactly(block(1008, 1010));
        assertThat(r.add(ISN1, text("abcdefgh"))).isEqualTo(new Advanced(10));
        assertThat(r.window()).isZero();
        assertThat(r.add(SeqNum.of(1010), text("k"))).isEqualTo(Dropped.BEYOND_WINDOW); // nothing read yet
        assertThat(readAll(r)).isEqualTo("abcdefghij");
        assertThat(r.add(SeqNum.of(1010), text("k"))).isEqualTo(new Advanced(1)); // the ring wrapped
        assertThat(readAll(r)).isEqualTo("k");
    }

    @Test
    void aSegmentThatWouldOpenTooManyBlocks_isDropped_butOneThatMergesIsNot() {
        var r = new ReceiveReassembler(ISN1, 100, 2);
        r.add(SeqNum.of(1010), text("k"));
        r.add(SeqNum.of(1020), text("u"));
        assertThat(r.add(SeqNum.of(1030), text("E"))).isEqualTo(Dropped.TOO_MANY_BLOCKS);
        assertThat(r.add(SeqNum.of(1011), text("l"))).isEqualTo(Held.OUT_OF_ORDER); // adjacent: merges
        assertThat(r.add(SeqNum.of(1012), text("mnopqrst"))).isEqualTo(Held.OUT_OF_ORDER); // bridges both blocks
        assertThat(r.blockCount()).isEqualTo(1);
        assertThat(r.add(ISN1, text("abcdefghij"))).isEqualTo(new Advanced(21));
        assertThat(readAll(r)).isEqualTo("abcdefghijklmnopqrstu");
    }

    @Test
    void inOrderData_isAcceptedEvenWhenTheBlockTableIsFull() {
        var r = new ReceiveReassembler(ISN1, 100, 1);
        r.add(SeqNum.of(1010), text("k"));
        assertThat(r.add(ISN1, text("abc"))).isEqualTo(new Advanced(3));
        assertThat(r.blockCount()).isEqualTo(1);
    }

    @Test
    void sackBlocks_listTheMostRecentlyReceivedFirst_rfc2018_4() {
        var r = new ReceiveReassembler(ISN1, 100, 8);
        r.add(SeqNum.of(1010), text("k"));
        r.add(SeqNum.of(1030), text("E"));
        r.add(SeqNum.of(1020), text("u"));
        assertThat(r.sackBlocks(4)).containsExactly(block(1020, 1021), block(1030, 1031), block(1010, 1011));
        r.add(SeqNum.of(1011), text("l")); // grows the oldest block: now it is the newest
        assertThat(r.sackBlocks(2)).containsExactly(block(1010, 1012), block(1020, 1021));
    }

    @Test
    void sequenceNumbers_wrapAround2To32() {
        SeqNum start = SeqNum.of(0xffff_fffcL);
        var r = new ReceiveReassembler(start, 64, 4);
        assertThat(r.add(SeqNum.of(2), text("world"))).isEqualTo(Held.OUT_OF_ORDER); // 6 bytes after the start
        assertThat(r.sackBlocks(1)).containsExactly(block(2, 7));
        assertThat(r.add(SeqNum.of(0xffff_ffffL), text("lo "))).isEqualTo(Held.OUT_OF_ORDER);
        assertThat(r.sackBlocks(1)).containsExactly(block(0xffff_ffffL, 7));
        assertThat(r.add(start, text("hel"))).isEqualTo(new Advanced(11));
        assertThat(r.rcvNxt()).isEqualTo(SeqNum.of(7));
        assertThat(readAll(r)).isEqualTo("hello world");
        assertThat(r.add(SeqNum.of(0xffff_fff0L), text("old"))).isEqualTo(Held.NOTHING_NEW);
    }
}
