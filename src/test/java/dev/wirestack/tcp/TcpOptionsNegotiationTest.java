package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpOptions.Timestamps;
import org.junit.jupiter.api.Test;

class TcpOptionsNegotiationTest {
    private static final TcpOptions ALL = TcpOptions.NONE.withMss(1460).withWindowScale(7).withSackPermitted(true)
            .withTimestamps(new Timestamps(5000, 0));

    @Test
    void defaultSyn_offersMssWindowScaleSackAndTimestamps_rfc7323_rfc2018() {
        TcpConnection c = TcpConnection.connect(0, TcpScript.TUPLE, TcpScript.LOCAL_ISS, TcpConfig.DEFAULT, null);
        OutSegment syn = c.pollTransmit(at(7));
        assertThat(syn.header().options()).isEqualTo(TcpOptions.NONE.withMss(1460).withWindowScale(3)
                .withSackPermitted(true).withTimestamps(new Timestamps(7, 0)));
        assertThat(syn.header().window()).isEqualTo(65535);
    }

    @Test
    void peerWithoutOptions_meansMss536AndNothingElse_rfc9293_3_7_1() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT.withNoDelay(true), TcpOptions.NONE);
        assertThat(s.connection().negotiatedOptions()).isEqualTo(new NegotiatedOptions(536, 1460, 0, 0, false, false));
        s.write(TcpScript.pattern(0, 600));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, 536));
        s.expect(at(0), seg().psh().seq(s.local(537)).ack(s.remote(1)).data(536, 64));
    }

    @Test
    void peerWithAllOptions_negotiatesAll_andScalesOurWindow_rfc7323_2() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT, ALL);
        assertThat(s.connection().negotiatedOptions()).isEqualTo(new NegotiatedOptions(1460, 1460, 7, 3, true, true));
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).ts(5010, 0).win(100).payload("hi"));
        // 256 KiB >> 3 = 32768 in the window field (minus nothing: the edge stays put); TSecr echoes 5010.
        s.expect(at(50), seg().seq(s.local(1)).ack(s.remote(3)).win(32768).ts(50, 5010));
    }

    @Test
    void timestamps_areOnEveryDataSegment_andDataMssLeavesRoomForThem_rfc7323_3_2() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT.withNoDelay(true), ALL);
        s.write(TcpScript.pattern(0, 1500));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).win(32768).ts(0, 5000).data(0, 1448));
        s.expect(at(0), seg().psh().seq(s.local(1449)).ack(s.remote(1)).win(32768).ts(0, 5000).data(1448, 52));
    }

    @Test
    void peerWindowIsScaledByItsShift_rfc7323_2_3() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT.withNoDelay(true), ALL);
        // Window field 40 << 7 = 5120 bytes: three segments fit, the fourth does not.
        s.send(at(0), seg().seq(s.remote(1)).ack(s.local(1)).ts(5000, 0).win(40));
        s.write(TcpScript.pattern(0, 4 * 1448));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).win(32768).ts(0, 5000).data(0, 1448));
        s.expect(at(0), seg().psh().seq(s.local(1449)).ack(s.remote(1)).win(32768).ts(0, 5000).data(1448, 1448));
        s.expect(at(0), seg().psh().seq(s.local(2897)).ack(s.remote(1)).win(32768).ts(0, 5000).data(2896, 1448));
        s.expectNothing(at(0));
    }

    @Test
    void windowScaleFromOneSideOnly_isNotUsed_rfc7323_2_2() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT, TcpOptions.NONE.withMss(1460));
        assertThat(s.connection().negotiatedOptions().receiveWindowShift()).isZero();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).payload("x"));
        s.expect(at(50), seg().seq(s.local(1)).ack(s.remote(2)).win(65535));
    }

    @Test
    void synAck_answersOnlyTheOptionsThePeerOffered_rfc7323_rfc2018() {
        TcpConfig config = TcpConfig.DEFAULT;
        var peerSyn = seg().syn().seq(TcpScript.REMOTE_ISS).options(TcpOptions.NONE.withMss(1200).withSackPermitted(true));
        TcpConnection c = TcpConnection.acceptSyn(0, TcpScript.TUPLE, TcpScript.LOCAL_ISS,
                peerSyn.header(TcpScript.REMOTE_PORT, TcpScript.LOCAL_PORT), config, null);
        OutSegment synAck = c.pollTransmit(0);
        assertThat(synAck.header().options()).isEqualTo(TcpOptions.NONE.withMss(1460).withSackPermitted(true));
        assertThat(c.negotiatedOptions()).isEqualTo(new NegotiatedOptions(1200, 1460, 0, 0, true, false));
    }

    @Test
    void paws_dropsASegmentWithAnOlderTimestamp_andAcks_rfc7323_5_3() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT, ALL);
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).ts(6000, 0).payload("new"));
        s.send(at(20), seg().seq(s.remote(4)).ack(s.local(1)).ts(4000, 0).payload("old"));
        s.expect(at(20), seg().seq(s.local(1)).ack(s.remote(4)).win(32768).ts(20, 6000));
        assertThat(s.read(10)).isEqualTo("new");
    }

    @Test
    void timestampEcho_givesTheRttSample_evenForARetransmission_rfc7323_4_1() {
        TcpScript s = TcpScript.established(TcpConfig.DEFAULT, ALL);
        s.write("abc");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).win(32768).ts(0, 5000).payload("abc"));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).win(32768).ts(200, 5000).payload("abc"));
        s.send(at(230), seg().seq(s.remote(1)).ack(s.local(4)).ts(5100, 200));
        // Handshake sample 0, then 30 ms: SRTT = 30/8 ms.
        assertThat(s.connection().srttNanos()).isEqualTo(at(30) / 8);
    }
}
