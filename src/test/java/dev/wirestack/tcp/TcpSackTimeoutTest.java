package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpOptions.SackBlock;
import org.junit.jupiter.api.Test;

/**
 * After a retransmission timeout the SACK scoreboard is kept (RFC 6675 section 5.1 with its erratum, as Linux): what
 * the peer SACKed is not sent again; unless the peer reneged, which forgets every mark (RFC 2018 section 8).
 */
class TcpSackTimeoutTest {
    private static final int MSS = 1460;
    private static final TcpConfig SACK = TcpScript.CONFIG.withOptions(false, false, true);

    /** Six full segments sent at 0; the peer SACKed the 2nd, 4th and 6th (too few for fast retransmit). */
    private static TcpScript flightWithSackedHoles() {
        TcpScript s = TcpScript.established(SACK, TcpOptions.NONE.withMss(MSS).withSackPermitted(true));
        s.write(TcpScript.pattern(0, 6 * MSS));
        for (int i = 0; i < 6; i++) {
            s.expect(at(0), seg().psh().seq(s.local(1 + i * MSS)).ack(s.remote(1)).data(i * MSS, MSS));
        }
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(1)).sack(segment(s, 1)));
        s.send(at(11), seg().seq(s.remote(1)).ack(s.local(1)).sack(segment(s, 3), segment(s, 1)));
        return s;
    }

    private static SackBlock segment(TcpScript s, int i) {
        return new SackBlock(s.local(1 + i * MSS), s.local(1 + (i + 1) * MSS));
    }

    @Test
    void afterTimeout_onlyTheUnsackedRangesAreResent_rfc6675_5_1() {
        TcpScript s = flightWithSackedHoles();
        s.expectNothing(at(199));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, MSS));
        // The peer holds segment 2, so the cumulative ACK jumps over it; the 4th is skipped as SACKed.
        s.send(at(210), seg().seq(s.remote(1)).ack(s.local(1 + 2 * MSS)).sack(segment(s, 3)));
        s.expect(at(210), seg().psh().seq(s.local(1 + 2 * MSS)).ack(s.remote(1)).data(2 * MSS, MSS));
        s.expectNothing(at(210)); // the loss window of 2 segments counts the SACKed 4th as in flight
        s.send(at(220), seg().seq(s.remote(1)).ack(s.local(1 + 4 * MSS)).sack(segment(s, 5)));
        s.expect(at(220), seg().psh().seq(s.local(1 + 4 * MSS)).ack(s.remote(1)).data(4 * MSS, MSS));
        s.expectNothing(at(220));
        s.send(at(230), seg().seq(s.remote(1)).ack(s.local(1 + 6 * MSS)));
        s.expectNothing(at(5000));
        assertThat(s.events()).filteredOn(e -> e.startsWith("retransmit")).containsExactly(
                "retransmit 10001+1460 timeout at 200", "retransmit 12921+1460 timeout at 210",
                "retransmit 15841+1460 timeout at 220");
    }

    @Test
    void segmentsSackedDuringTheLossWindow_areSkippedToo_rfc6675_5_1() {
        TcpScript s = flightWithSackedHoles();
        s.expectNothing(at(199));
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).data(0, MSS));
        // A duplicate ACK now SACKs the 5th: only the 3rd remains to resend once the 1st is acknowledged.
        s.send(at(205), seg().seq(s.remote(1)).ack(s.local(1)).sack(segment(s, 3), segment(s, 1))
                .sack(new SackBlock(s.local(1 + 3 * MSS), s.local(1 + 6 * MSS)), segment(s, 1)));
        s.send(at(210), seg().seq(s.remote(1)).ack(s.local(1 + 2 * MSS)));
        s.expect(at(210), seg().psh().seq(s.local(1 + 2 * MSS)).ack(s.remote(1)).data(2 * MSS, MSS));
        s.expectNothing(at(210));
        s.send(at(220), seg().seq(s.remote(1)).ack(s.local(1 + 6 * MSS)));
        s.expectNothing(at(5000));
    }

    @Test
    void reneging_forgetsTheMarks_andTheTimeoutResendsEverything_rfc2018_8() {
        TcpScript s = flightWithSackedHoles();
        // The peer acknowledges up to segment 2, which it SACKed before, and not beyond: it dropped it again.
        s.send(at(50), seg().seq(s.remote(1)).ack(s.local(1 + MSS)));
        s.expectNothing(at(249));
        s.expect(at(250), seg().psh().seq(s.local(1 + MSS)).ack(s.remote(1)).data(MSS, MSS));
        s.send(at(260), seg().seq(s.remote(1)).ack(s.local(1 + 2 * MSS)));
        // Segment 4 was SACKed before the reneging: it is resent with the others.
        s.expect(at(260), seg().psh().seq(s.local(1 + 2 * MSS)).ack(s.remote(1)).data(2 * MSS, MSS));
        s.expect(at(260), seg().psh().seq(s.local(1 + 3 * MSS)).ack(s.remote(1)).data(3 * MSS, MSS));
        s.expectNothing(at(260));
    }
}
