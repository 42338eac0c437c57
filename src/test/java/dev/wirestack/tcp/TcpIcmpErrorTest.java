package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static dev.wirestack.wire.IcmpHeader.DESTINATION_UNREACHABLE;
import static dev.wirestack.wire.IcmpHeader.FRAGMENTATION_NEEDED;
import static dev.wirestack.wire.IcmpHeader.HOST_UNREACHABLE;
import static dev.wirestack.wire.IcmpHeader.NET_UNREACHABLE;
import static dev.wirestack.wire.IcmpHeader.PORT_UNREACHABLE;
import static dev.wirestack.wire.IcmpHeader.PROTOCOL_UNREACHABLE;
import static dev.wirestack.wire.IcmpHeader.SOURCE_QUENCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

/** ICMP errors passed to TCP: RFC 9293 section 3.9, RFC 1122 4.2.3.9, RFC 5927, RFC 1191. */
class TcpIcmpErrorTest {
    private static final int MSS = 1460;

    /** Established, with "abc" sent at 0 and not acknowledged: SND.UNA = local(1), SND.NXT = local(4). */
    private static TcpScript abcInFlight(TcpConfig config) {
        TcpScript s = TcpScript.established(config);
        s.write("abc");
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        return s;
    }

    @Test
    void portUnreachable_inSynSent_refusesTheConnect_rfc1122_4_2_3_9() {
        TcpScript s = TcpScript.synSent();
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PORT_UNREACHABLE, s.local(0), 0)).isTrue();
        assertThat(s.state()).isEqualTo(TcpState.CLOSED);
        assertThat(s.closedWith()).isEqualTo(TcpError.REFUSED);
        s.expectNothing(at(10_000));
    }

    @Test
    void hostUnreachable_inSynSent_abortsTheConnect_asLinux() {
        TcpScript s = TcpScript.synSent();
        s.icmp(at(5), DESTINATION_UNREACHABLE, HOST_UNREACHABLE, s.local(0), 0);
        assertThat(s.closedWith()).isEqualTo(TcpError.HOST_UNREACHABLE);
        assertThat(s.closedWith().message()).isEqualTo("no route to host");
    }

    @Test
    void netUnreachable_inSynSent_isNetworkUnreachable_asLinux() {
        TcpScript s = TcpScript.synSent();
        s.icmp(at(5), DESTINATION_UNREACHABLE, NET_UNREACHABLE, s.local(0), 0);
        assertThat(s.closedWith()).isEqualTo(TcpError.NETWORK_UNREACHABLE);
    }

    @Test
    void errorQuotingANumberWeDidNotSend_isNotBelieved_rfc5927_4_1() {
        TcpScript s = TcpScript.synSent();
        // SYN-SENT: SND.UNA = ISS and SND.NXT = ISS + 1 (both ends believed, as Linux's between()).
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PORT_UNREACHABLE, s.local(2), 0)).isFalse();
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PORT_UNREACHABLE, s.local(-1), 0)).isFalse();
        assertThat(s.state()).isEqualTo(TcpState.SYN_SENT);
        s.expect(at(1000), seg().syn().seq(s.local(0)).win(TcpScript.WINDOW).mss(MSS));
    }

    @Test
    void outOfWindowErrors_inEstablished_areNotBelieved_rfc5927_4_1() {
        TcpScript s = abcInFlight(TcpScript.CONFIG);
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PORT_UNREACHABLE, s.local(0), 0)).isFalse();
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PORT_UNREACHABLE, s.local(5), 0)).isFalse();
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, FRAGMENTATION_NEEDED, s.local(100), 576)).isFalse();
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void hardErrors_inEstablished_abortTheConnection_rfc1122_4_2_3_9() {
        TcpScript s = abcInFlight(TcpScript.CONFIG);
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PROTOCOL_UNREACHABLE, s.local(1), 0)).isTrue();
        assertThat(s.closedWith()).isEqualTo(TcpError.PROTOCOL_UNREACHABLE);
        s.expectNothing(at(10_000));
    }

    @Test
    void softErrors_inEstablished_onlyNameTheTimeoutLater_rfc1122_4_2_3_9() {
        TcpScript s = abcInFlight(TcpScript.CONFIG.withRetries(6, 5, 1));
        s.icmp(at(5), DESTINATION_UNREACHABLE, HOST_UNREACHABLE, s.local(1), 0);
        s.icmp(at(6), SOURCE_QUENCH, 0, s.local(1), 0);
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        s.expect(at(200), seg().psh().seq(s.local(1)).ack(s.remote(1)).payload("abc"));
        s.expect(at(600), seg().rst().seq(s.local(4)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.HOST_UNREACHABLE);
    }

    @Test
    void softError_isForgottenOnceDataIsAcknowledged_rfc1122_4_2_3_9() {
        TcpScript s = abcInFlight(TcpScript.CONFIG.withRetries(6, 5, 0));
        s.icmp(at(5), DESTINATION_UNREACHABLE, HOST_UNREACHABLE, s.local(1), 0);
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(4)));
        s.write("d");
        s.expect(at(10), seg().psh().seq(s.local(4)).ack(s.remote(1)).payload("d"));
        s.expect(at(210), seg().rst().seq(s.local(5)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.TIMED_OUT);
    }

    @Test
    void fragmentationNeeded_lowersTheMss_andResendsTheFlightAtOnce_rfc1191_6_3() {
        TcpScript s = TcpScript.established();
        s.write(TcpScript.pattern(0, 3 * MSS));
        for (int i = 0; i < 3; i++) {
            s.expect(at(0), seg().psh().seq(s.local(1 + i * MSS)).ack(s.remote(1)).data(i * MSS, MSS));
        }
        long cwnd = s.connection().cwnd();
        assertThat(s.icmp(at(20), DESTINATION_UNREACHABLE, FRAGMENTATION_NEEDED, s.local(1 + MSS), 1000)).isTrue();
        // MTU 1000: 960 bytes of data per segment, from SND.UNA, at once and with no congestion response.
        for (int offset = 0; offset < 3 * MSS; offset += 960) {
            int length = Math.min(960, 3 * MSS - offset);
            s.expect(at(20), seg().psh().seq(s.local(1 + offset)).ack(s.remote(1)).data(offset, length));
        }
        s.expectNothing(at(20));
        assertThat(s.connection().cwnd()).isEqualTo(cwnd);
        // New data is cut at the new size too; a larger MTU later does not raise it (RFC 1191 section 6.3).
        s.send(at(30), seg().seq(s.remote(1)).ack(s.local(1 + 3 * MSS)));
        s.icmp(at(31), DESTINATION_UNREACHABLE, FRAGMENTATION_NEEDED, s.local(1 + 3 * MSS), 1400);
        s.write(TcpScript.pattern(0, 1000));
        s.expect(at(31), seg().psh().seq(s.local(1 + 3 * MSS)).ack(s.remote(1)).data(0, 960));
        s.expectNothing(at(31)); // Nagle holds the 40-byte tail
    }

    @Test
    void fragmentationNeeded_withTimestamps_leavesRoomForThem_andNeverGoesBelowTheMinimum_rfc1191_3() {
        TcpScript s = TcpScript.established(TcpScript.CONFIG.withOptions(false, true, false),
                TcpOptions.NONE.withMss(MSS).withTimestamps(new TcpOptions.Timestamps(7, 0)));
        s.write(TcpScript.pattern(0, 100));
        TcpOptions ts = TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(0, 7));
        s.expect(at(0), seg().psh().seq(s.local(1)).ack(s.remote(1)).options(ts).data(0, 100));
        // A "next-hop MTU" of 0 (a router older than RFC 1191) counts as 68: an MSS of 64 less 12 of timestamps.
        s.icmp(at(20), DESTINATION_UNREACHABLE, FRAGMENTATION_NEEDED, s.local(1), 0);
        TcpOptions ts20 = TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(20, 7));
        s.expect(at(20), seg().psh().seq(s.local(1)).ack(s.remote(1)).options(ts20).data(0, 52));
        s.expect(at(20), seg().psh().seq(s.local(53)).ack(s.remote(1)).options(ts20).data(52, 48));
    }

    @Test
    void errorsInTimeWait_areIgnored_rfc9293_3_9() {
        TcpScript s = TcpScript.timeWait();
        assertThat(s.icmp(at(5), DESTINATION_UNREACHABLE, PORT_UNREACHABLE, s.local(2), 0)).isTrue();
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
    }
}
