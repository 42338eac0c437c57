package dev.wirestack.stack;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Initial sequence numbers per RFC 6528, SYN cookies per RFC 4987, and the keyed hash under both. */
class TcpIsnTest {
    private static final Ipv4Address LOCAL = Ipv4Address.parse("10.1.0.2");
    private static final Ipv4Address REMOTE = Ipv4Address.parse("10.2.0.2");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void sipHash24_matchesTheReferenceVectorFor24Bytes() {
        // The paper's key 00 01 .. 0f and message 00 01 .. 17, read as little-endian words (vectors.h, entry 24).
        SipHash24 hash = new SipHash24(0x0706050403020100L, 0x0F0E0D0C0B0A0908L);
        assertThat(hash.hash(0x0706050403020100L, 0x0F0E0D0C0B0A0908L, 0x1716151413121110L))
                .isEqualTo(0xb8ad50c6f649af94L);
    }

    @Test
    void sipHash24_dependsOnEveryKeyBit() {
        long reference = new SipHash24(0, 0).hash(1, 2, 3);
        for (int bit = 0; bit < 64; bit++) {
            assertThat(new SipHash24(1L << bit, 0).hash(1, 2, 3)).isNotEqualTo(reference);
            assertThat(new SipHash24(0, 1L << bit).hash(1, 2, 3)).isNotEqualTo(reference);
        }
    }

    @Test
    void isn_differsPerTuple_rfc6528() {
        IsnGenerator isns = new IsnGenerator(new SplittableRandom(1));
        Set<SeqNum> seen = new HashSet<>();
        for (int port = 40000; port < 41000; port++) {
            seen.add(isns.isn(0, LOCAL, port, REMOTE, 80));
        }
        seen.add(isns.isn(0, LOCAL, 40000, REMOTE, 81));
        seen.add(isns.isn(0, LOCAL, 40000, Ipv4Address.parse("10.2.0.3"), 80));
        seen.add(isns.isn(0, Ipv4Address.parse("10.1.0.3"), 40000, REMOTE, 80));
        assertThat(seen).hasSize(1003);
    }

    @Test
    void isn_ofOneTuple_growsWithA4MicrosecondClock_rfc6528() {
        IsnGenerator isns = new IsnGenerator(new SplittableRandom(1));
        SeqNum first = isns.isn(0, LOCAL, 40000, REMOTE, 80);
        assertThat(isns.isn(3_999, LOCAL, 40000, REMOTE, 80)).isEqualTo(first);
        assertThat(isns.isn(4_000, LOCAL, 40000, REMOTE, 80)).isEqualTo(first.plus(1));
        assertThat(isns.isn(SECOND, LOCAL, 40000, REMOTE, 80)).isEqualTo(first.plus(250_000));
        // It wraps after 2^32 ticks (4.77 hours), moving forward all the way in modular terms.
        long wrap = (1L << 32) * IsnGenerator.NANOS_PER_TICK;
        assertThat(isns.isn(wrap, LOCAL, 40000, REMOTE, 80)).isEqualTo(first);
        assertThat(isns.isn(wrap / 4, LOCAL, 40000, REMOTE, 80).gt(first)).isTrue();
    }

    @Test
    void isn_isAFunctionOfTheSeed_andTheKeyOfAnotherSeedGivesOthers() {
        SeqNum a = new IsnGenerator(new SplittableRandom(7)).isn(SECOND, LOCAL, 40000, REMOTE, 80);
        SeqNum b = new IsnGenerator(new SplittableRandom(7)).isn(SECOND, LOCAL, 40000, REMOTE, 80);
        SeqNum c = new IsnGenerator(new SplittableRandom(8)).isn(SECOND, LOCAL, 40000, REMOTE, 80);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void cookie_roundTrips_carryingTheLargestTableMssNotAboveThePeers() {
        SynCookies cookies = new SynCookies(new SplittableRandom(3));
        SeqNum clientIsn = SeqNum.of(0xfffffff0L);
        for (int peerMss : new int[] {100, 536, 1000, 1460, 1500, 9000}) {
            SeqNum cookie = cookies.cookie(SECOND, LOCAL, 80, REMOTE, 40000, clientIsn, peerMss);
            int mss = cookies.check(2 * SECOND, LOCAL, 80, REMOTE, 40000, clientIsn.plus(1), cookie.plus(1));
            assertThat(mss).isEqualTo(switch (peerMss) {
                case 100, 536 -> 536;
                case 1000 -> 536;
                case 1460, 1500 -> 1460;
                default -> 8960;
            });
        }
    }

    @Test
    void cookie_isRefusedForAnotherTuple_anotherClientIsn_aChangedBit_orAfterTwoIntervals() {
        SynCookies cookies = new SynCookies(new SplittableRandom(3));
        SeqNum clientIsn = SeqNum.of(1000);
        long sent = 10 * SECOND;
        SeqNum ack = cookies.cookie(sent, LOCAL, 80, REMOTE, 40000, clientIsn, 1460).plus(1);
        SeqNum seq = clientIsn.plus(1);

        assertThat(cookies.check(sent, LOCAL, 80, REMOTE, 40001, seq, ack)).isEqualTo(-1);
        assertThat(cookies.check(sent, LOCAL, 80, Ipv4Address.parse("10.2.0.3"), 40000, seq, ack)).isEqualTo(-1);
        assertThat(cookies.check(sent, LOCAL, 80, REMOTE, 40000, seq.plus(1), ack)).isEqualTo(-1);
        for (int bit = 0; bit < 32; bit++) {
            SeqNum flipped = new SeqNum(ack.value() ^ (1 << bit));
            assertThat(cookies.check(sent, LOCAL, 80, REMOTE, 40000, seq, flipped)).as("bit %d", bit).isEqualTo(-1);
        }
        long nextInterval = SynCookies.NANOS_PER_COUNT;
        assertThat(cookies.check(nextInterval + 63 * SECOND, LOCAL, 80, REMOTE, 40000, seq, ack)).isEqualTo(1460);
        assertThat(cookies.check(2 * nextInterval, LOCAL, 80, REMOTE, 40000, seq, ack)).isEqualTo(-1);
    }

    @Test
    void cookies_ofAnotherHostsKey_areRefused() {
        SeqNum clientIsn = SeqNum.of(1000);
        SeqNum cookie = new SynCookies(new SplittableRandom(3)).cookie(0, LOCAL, 80, REMOTE, 40000, clientIsn, 1460);
        assertThat(new SynCookies(new SplittableRandom(4)).check(0, LOCAL, 80, REMOTE, 40000, clientIsn.plus(1),
                cookie.plus(1))).isEqualTo(-1);
    }
}
