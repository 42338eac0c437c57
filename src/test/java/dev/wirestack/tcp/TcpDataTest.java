package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

class TcpDataTest {

    @Test
    void inOrderData_isAckedWhenTheDelayedAckTimerFires_rfc9293_3_8_6_3() {
        TcpScript s = TcpScript.established();
        s.send(at(100), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.expectNothing(at(139));
        s.expect(at(140), seg().seq(s.local(1)).ack(s.remote(4)).win(65532));
        assertThat(s.read(10)).isEqualTo("abc");
    }

    @Test
    void everySecondFullSizedSegment_isAckedAtOnce_rfc5681_4_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).data(0, 1460));
        s.expectNothing(at(10));
        s.send(at(11), seg().seq(s.remote(1461)).ack(s.local(1)).data(1460, 1460));
        s.expect(at(11), seg().seq(s.local(1)).ack(s.remote(2921)).win(65535 - 2920));
        assertThat(s.readBytes(4000)).isEqualTo(TcpScript.pattern(0, 2920));
    }

    @Test
    void outOfOrderData_isAckedAtOnce_andFillingTheHoleToo_rfc5681_4_2() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(4)).ack(s.local(1)).payload("def"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.connection().readableBytes()).isZero();
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.expect(at(20), seg().seq(s.local(1)).ack(s.remote(7)).win(65529));
        assertThat(s.read(10)).isEqualTo("abcdef");
    }

    @Test
    void duplicateData_isAckedAtOnce_andDeliveredOnce_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.send(at(20), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.expect(at(20), seg().seq(s.local(1)).ack(s.remote(4)).win(65532));
        assertThat(s.read(10)).isEqualTo("abc");
    }

    @Test
    void overlappingSegment_deliversOnlyTheNewBytes_rfc9293_3_10_7_4() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).payload("abc"));
        s.send(at(11), seg().seq(s.remote(2)).ack(s.local(1)).payload("bcdef"));
        assertThat(s.read(10)).isEqualTo("abcdef");
    }

    @Test
    void writeIsSegmentedAtTheMss_andNagleHoldsTheShortTail_rfc9293_3_7_4() {
        TcpScript s = TcpScript.established();
        s.write(TcpScript.pattern(0, 4000));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1460));
        s.expect(at(0), seg().psh().seq(s.local(1461)).ack(s.remote(1)).data(1460, 1460));
        s.expectNothing(at(100));
        s.send(at(100), seg().seq(s.remote(1)).ack(s.local(2921)));
        s.expect(at(100), seg().psh().seq(s.local(2921)).ack(s.remote(1)).data(2920, 1080));
    }

    @Test
    void noDelay_sendsTheShortTailAtOnce_rfc9293_3_7_4() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withNoDelay(true));
        s.write(TcpScript.pattern(0, 1500));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1460));
        s.expect(at(0), seg().psh().seq(s.local(1461)).ack(s.remote(1)).data(1460, 40));
    }

    @Test
    void nagle_writeWriteStallsUntilTheAck_butNoDelayDoesNot_rfc896() {
        TcpScript nagle = TcpScript.established();
        nagle.write("a");
        nagle.expect(at(0), seg().psh().seq(nagle.local(1)).ack(nagle.remote(1)).payload("a"));
        nagle.write("b");
        nagle.expectNothing(at(39));
        // The peer's delayed ACK releases the held byte (the classic Nagle/delayed-ACK stall).
        nagle.send(at(40), seg().seq(nagle.remote(1)).ack(nagle.local(2)));
        nagle.expect(at(40), seg().psh().seq(nagle.local(2)).ack(nagle.remote(1)).payload("b"));

        TcpScript fast = TcpScript.established();
        fast.connection().setNoDelay(true);
        fast.write("a");
        fast.write("b");
        fast.expect(at(0), seg().psh().seq(fast.local(1)).ack(fast.remote(1)).payload("a"));
        fast.expect(at(0), seg().psh().seq(fast.local(2)).ack(fast.remote(1)).payload("b"));
    }

    @Test
    void peerWindow_limitsWhatIsSent_rfc9293_3_8_6() {
        TcpScript s = TcpScript.established();
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).win(2000));
        s.write(TcpScript.pattern(0, 4000));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 1460));
        // 540 more bytes fit, but sender SWS avoidance waits for a full segment or half the largest window.
        s.expectNothing(at(100));
        s.send(at(100), seg().seq(s.remote(1)).ack(s.local(1461)).win(4000));
        s.expect(at(100), seg().psh().seq(s.local(1461)).ack(s.remote(1)).data(1460, 1460));
        s.expectNothing(at(150));
        s.send(at(150), seg().seq(s.remote(1)).ack(s.local(2921)).win(4000));
        s.expect(at(150), seg().psh().seq(s.local(2921)).ack(s.remote(1)).data(2920, 1080));
    }

    @Test
    void zeroWindow_isProbedByThePersistTimerWithBackoff_thenTheDataFlows_rfc9293_3_8_6_1() {
        TcpScript s = TcpScript.established();
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).win(0));
        s.write("hello");
        s.expectNothing(at(199));
        // The probe is Linux's: SND.UNA - 1 without data, which the peer must answer with its window.
        s.expect(at(200), seg().seq(s.local(0)).ack(s.remote(1)));
        s.send(at(210), seg().seq(s.remote(1)).ack(s.local(1)).win(0));
        // The persist interval doubles, counted from the previous probe.
        s.expectNothing(at(599));
        s.expect(at(600), seg().seq(s.local(0)).ack(s.remote(1)));
        s.send(at(620), seg().seq(s.remote(1)).ack(s.local(1)).win(1000));
        s.expect(at(620), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("hello"));
        s.send(at(630), seg().seq(s.remote(1)).ack(s.local(6)).win(1000));
        s.expectNothing(at(10_000));
    }

    @Test
    void zeroWindowProbeFromThePeer_isAnsweredWithAZeroWindowAck_rfc9293_3_8_6_1() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withBuffers(65535, 3000));
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).data(0, 1460).win(65535));
        s.send(at(1), seg().seq(s.remote(1461)).ack(s.local(1)).data(1460, 1460));
        s.expect(at(1), seg().seq(s.local(1)).ack(s.remote(2921)).win(80));
        s.send(at(2), seg().seq(s.remote(2921)).ack(s.local(1)).data(2920, 80));
        s.expect(at(42), seg().seq(s.local(1)).ack(s.remote(3001)).win(0));
        s.send(at(300), seg().seq(s.remote(3001)).ack(s.local(1)).payload("x"));
        s.expect(at(300), seg().seq(s.local(1)).ack(s.remote(3001)).win(0));
        assertThat(s.connection().readableBytes()).isEqualTo(3000);
    }

    @Test
    void readingOpensTheWindow_withAWindowUpdateOnlyPastTheSwsThreshold_rfc9293_3_8_6_2_2() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withBuffers(65535, 3000));
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).data(0, 1460).win(65535));
        s.send(at(1), seg().seq(s.remote(1461)).ack(s.local(1)).data(1460, 1460));
        s.expect(at(1), seg().seq(s.local(1)).ack(s.remote(2921)).win(80));
        s.readBytes(100);
        s.expectNothing(at(2));
        s.readBytes(2820);
        s.expect(at(2), seg().seq(s.local(1)).ack(s.remote(2921)).win(3000));
    }

    @Test
    void urgentData_isDeliveredInline_rfc6093() {
        TcpScript s = TcpScript.established();
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).urg(3).payload("abcdef"));
        assertThat(s.read(10)).isEqualTo("abcdef");
        assertThat(s.connection().urgentPointer()).isEqualTo(s.remote(4));
    }

    @Test
    void ackOfData_freesTheSendBuffer_andCwndGrowsInSlowStart_rfc5681_3_1() {
        TcpScript s = TcpScript.established();
        long cwnd = s.connection().cwnd();
        assertThat(cwnd).isEqualTo(10 * 1460);
        s.write("abc");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.send(at(50), seg().seq(s.remote(1)).ack(s.local(4)));
        assertThat(s.connection().cwnd()).isEqualTo(cwnd + 3);
        // RFC 6298 2.3: SRTT = 7/8 * 0 (the handshake's sample) + 1/8 * 50 ms.
        assertThat(s.connection().srttNanos()).isEqualTo(at(50) / 8);
        assertThat(s.connection().writableBytes()).isEqualTo(65535);
    }

    @Test
    void sendBufferFull_writeTakesWhatFits() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withBuffers(1000, 65535));
        assertThat(s.write(TcpScript.pattern(0, 1500))).isEqualTo(1000);
        assertThat(s.connection().writableBytes()).isZero();
    }

    @Test
    void sackBlocks_reportOutOfOrderData_rfc2018_4() {
        TcpConfig config = TcpScript.CONFIG.withOptions(false, false, true);
        TcpScript s = TcpScript.established(config, TcpOptions.NONE.withMss(1460).withSackPermitted(true));
        s.send(at(10), seg().seq(s.remote(11)).ack(s.local(1)).payload("klm"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1))
                .sack(new TcpOptions.SackBlock(s.remote(11), s.remote(14))));
        s.send(at(20), seg().seq(s.remote(21)).ack(s.local(1)).payload("uv"));
        s.expect(at(20), seg().seq(s.local(1)).ack(s.remote(1)).sack(
                new TcpOptions.SackBlock(s.remote(21), s.remote(23)),
                new TcpOptions.SackBlock(s.remote(11), s.remote(14))));
    }
}
