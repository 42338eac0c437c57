package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;

import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpOptions.SackBlock;
import org.junit.jupiter.api.Test;

/**
 * RFC 2018 section 4: while out-of-order data is held, every segment carrying an ACK reports it, data segments too;
 * the blocks share the 40 bytes of option space with timestamps (3 blocks beside them, 4 without), and the payload
 * shrinks so that the segment still fits the MSS.
 */
class TcpSackOnDataTest {
    private static final TcpConfig SACK = TcpScript.CONFIG.withOptions(false, false, true);
    private static final TcpConfig SACK_AND_TIMESTAMPS = TcpScript.CONFIG.withOptions(false, true, true);

    @Test
    void dataSegment_carriesTheSackBlock_rfc2018_4() {
        TcpScript s = TcpScript.established(SACK, TcpOptions.NONE.withMss(1460).withSackPermitted(true));
        s.send(at(10), seg().seq(s.remote(11)).ack(s.local(1)).payload("klm"));
        SackBlock held = new SackBlock(s.remote(11), s.remote(14));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)).sack(held));
        s.write("abc");
        s.expect(at(10), seg().psh().seq(s.local(1)).ack(s.remote(1)).sack(held).payload("abc"));
        // Once the hole is filled the next data segment carries no block.
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(4)).payload("0123456789"));
        s.expect(at(20), seg().seq(s.local(4)).ack(s.remote(14)).win(TcpScript.WINDOW - 13));
        s.write("d");
        s.expect(at(20), seg().psh().seq(s.local(4)).ack(s.remote(14)).win(TcpScript.WINDOW - 13).payload("d"));
    }

    @Test
    void withoutTimestamps_fourBlocks_andTheFullSegmentShrinksBy36Bytes_rfc2018_3() {
        TcpScript s = TcpScript.established(SACK, TcpOptions.NONE.withMss(1460).withSackPermitted(true));
        SackBlock[] blocks = holdFiveBlocks(s, TcpOptions.NONE, 0);
        s.write(TcpScript.pattern(0, 3000));
        // 40 - 36 bytes of options: 1460 - 36 = 1424 bytes of data in each full segment.
        s.expect(at(50), seg().psh().seq(s.local(1)).ack(s.remote(1))
                .sack(blocks[4], blocks[3], blocks[2], blocks[1]).data(0, 1424));
        s.expect(at(50), seg().psh().seq(s.local(1425)).ack(s.remote(1))
                .sack(blocks[4], blocks[3], blocks[2], blocks[1]).data(1424, 1424));
        s.expectNothing(at(50)); // Nagle holds the 152-byte tail while data is in flight
    }

    @Test
    void withTimestamps_threeBlocks_fillTheOptionSpace_rfc2018_3_rfc7323_3() {
        TcpScript s = TcpScript.established(SACK_AND_TIMESTAMPS, TcpOptions.NONE.withMss(1460).withSackPermitted(true)
                .withTimestamps(new TcpOptions.Timestamps(500, 0)));
        TcpOptions ts = TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(600, 0));
        SackBlock[] blocks = holdFiveBlocks(s, ts, 500);
        s.write(TcpScript.pattern(0, 3000));
        // 12 bytes of timestamps and 28 of SACK: 1460 - 40 = 1420 bytes of data.
        TcpOptions expected = TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(50, 500))
                .withSackBlocks(java.util.List.of(blocks[4], blocks[3], blocks[2]));
        s.expect(at(50), seg().psh().seq(s.local(1)).ack(s.remote(1)).options(expected).data(0, 1420));
        s.expect(at(50), seg().psh().seq(s.local(1421)).ack(s.remote(1)).options(expected).data(1420, 1420));
        s.expectNothing(at(50));
    }

    /** Five out-of-order segments at 10..50 ms, each acknowledged at once with the newest blocks first. */
    private static SackBlock[] holdFiveBlocks(TcpScript s, TcpOptions peerOptions, long tsRecent) {
        SackBlock[] blocks = new SackBlock[5];
        boolean timestamps = peerOptions.timestamps() != null;
        for (int i = 0; i < 5; i++) {
            long time = at(10L * (i + 1));
            blocks[i] = new SackBlock(s.remote(11 + 10L * i), s.remote(13 + 10L * i));
            s.send(time, seg().seq(blocks[i].left()).ack(s.local(1)).options(peerOptions).payload("xy"));
            java.util.List<SackBlock> newest = new java.util.ArrayList<>();
            for (int k = i; k >= 0 && newest.size() < (timestamps ? 3 : 4); k--) {
                newest.add(blocks[k]);
            }
            TcpOptions ackOptions = timestamps
                    ? TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(10L * (i + 1), tsRecent))
                    : TcpOptions.NONE;
            s.expect(time, seg().seq(s.local(1)).ack(s.remote(1)).options(ackOptions.withSackBlocks(newest)));
        }
        return blocks;
    }
}
