package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;

import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

/**
 * TCP segmentation offload: when the device cuts large segments at the MSS (a TAP with IFF_VNET_HDR), new data leaves
 * in segments of whole MSSs up to the device's limit, as Linux's tcp_tso_autosize and tcp_mss_split_point send them;
 * what cwnd and the peer's window allow, Nagle's algorithm and the MSS of retransmissions stay as without it.
 */
class TcpSegmentationOffloadTest {
    private static final int OFFLOAD = 65_455;
    private static final int MSS = TcpScript.MSS;
    private static final int INITIAL_WINDOW = 10 * MSS; // RFC 6928, as the congestion control starts

    @Test
    void newDataLeavesInOneSegmentAsLargeAsCwndAllows_thenTheTail() {
        TcpScript s = TcpScript.established();
        s.connection().setSegmentationOffload(OFFLOAD);
        s.write(TcpScript.pattern(0, 20_000));

        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, INITIAL_WINDOW));
        s.expectNothing(at(0));
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1 + INITIAL_WINDOW)).win(65535));
        s.expect(at(10), seg().psh().seq(s.local(1 + INITIAL_WINDOW)).ack(s.remote(1))
                .data(INITIAL_WINDOW, 20_000 - INITIAL_WINDOW));
    }

    @Test
    void nagleHoldsTheShortTail_whileDataIsInFlight_rfc9293_3_7_4() {
        TcpScript s = TcpScript.established();
        s.connection().setSegmentationOffload(OFFLOAD);
        s.write(TcpScript.pattern(0, 1000));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1000));
        s.write(TcpScript.pattern(1000, 3500));
        // Two whole MSSs go in one segment; the 580 bytes after them wait for the ACK.
        s.expect(at(0), seg().psh().seq(s.local(1001)).ack(s.remote(1)).data(1000, 2 * MSS));
        s.expectNothing(at(5));
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1001 + 2 * MSS)).win(65535));
        s.expect(at(10), seg().psh().seq(s.local(1001 + 2 * MSS)).ack(s.remote(1)).data(1000 + 2 * MSS, 580));
    }

    @Test
    void aLostOffloadedSegmentIsResentInSegmentsOfTheMss_rfc6298_5_4() {
        TcpScript s = TcpScript.established();
        s.connection().setSegmentationOffload(OFFLOAD);
        s.write(TcpScript.pattern(0, 3 * MSS));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 3 * MSS));
        s.expectNothing(at(199));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, MSS));
    }

    @Test
    void aPeerWithASmallerMss_getsSegmentsOfItsMss() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG, TcpOptions.NONE.withMss(1000));
        s.connection().setSegmentationOffload(OFFLOAD);
        s.write(TcpScript.pattern(0, 2500));

        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1000));
        s.expect(at(0), seg().psh().seq(s.local(1001)).ack(s.remote(1)).data(1000, 1000));
        s.expectNothing(at(0)); // the tail, for Nagle
    }
}
