package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

/**
 * Which SYNs may reopen a connection in TIME-WAIT (RFC 6191 section 2; RFC 9293 section 3.10.7.4 and RFC 1122
 * 4.2.2.13 without timestamps). The host then hands the SYN to its listener (TcpTimeWaitReuseScenarioTest).
 */
class TcpTimeWaitReuseTest {

    private static TcpHeader syn(Seg seg) {
        return seg.syn().header(TcpScript.REMOTE_PORT, TcpScript.LOCAL_PORT);
    }

    @Test
    void withoutTimestamps_aSynAboveRcvNxt_mayReopen_rfc1122_4_2_2_13() {
        TcpScript s = TcpScript.timeWait(); // RCV.NXT = remote(2)
        TcpConnection c = s.connection();
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(3))))).isTrue();
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(100_000))))).isTrue();
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(2))))).isFalse();
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(-5))))).isFalse();
        // Only a bare SYN qualifies.
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(100)).ack(s.local(2))))).isFalse();
        assertThat(c.acceptsNewIncarnation(seg().seq(s.remote(100)).header(TcpScript.REMOTE_PORT,
                TcpScript.LOCAL_PORT))).isFalse();
    }

    @Test
    void aSynThatDoesNotQualify_stillDrawsAChallengeAck_andTimeWaitGoesOn_rfc5961_4_2() {
        TcpScript s = TcpScript.timeWait();
        s.send(at(10), seg().syn().seq(s.remote(1)));
        s.expect(at(10), seg().seq(s.local(2)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void leaveTimeWait_closesWithoutError_rfc6191() {
        TcpScript s = TcpScript.timeWait();
        s.connection().leaveTimeWait(at(10));
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isNull();
        assertThat(s.connection().isTerminated()).isTrue();
    }

    @Test
    void withTimestamps_theSynsTimestampDecides_rfc6191_2() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withOptions(false, true, false),
                TcpOptions.NONE.withMss(1460).withTimestamps(new TcpOptions.Timestamps(100, 0)));
        s.close();
        s.send(at(5), seg().seq(s.remote(1)).ack(s.local(2)).ts(150, 0));
        s.send(at(6), seg().fin().seq(s.remote(1)).ack(s.local(2)).ts(200, 0)); // TS.Recent = 200
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        TcpConnection c = s.connection();
        // Newer timestamp: accepted whatever the sequence number.
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(-1000)).ts(201, 0)))).isTrue();
        // Older timestamp: refused even above RCV.NXT.
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(1000)).ts(199, 0)))).isFalse();
        // Equal timestamp: the sequence number decides.
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(1000)).ts(200, 0)))).isTrue();
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(2)).ts(200, 0)))).isFalse();
        // A SYN without timestamps: the sequence number decides.
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(3))))).isTrue();
        assertThat(c.acceptsNewIncarnation(syn(seg().seq(s.remote(1))))).isFalse();
    }
}
