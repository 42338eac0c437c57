package dev.wirestack.tcp;

import dev.wirestack.tcp.SendBuffer.Acked;
import dev.wirestack.tcp.SendBuffer.Range;
import dev.wirestack.wire.SeqNum;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The send buffer and retransmission queue: bounded bytes, Karn's RTT samples, and the RFC 6675 scoreboard. */
class SendBufferTest {
    static final SeqNum UNA = SeqNum.of(5000);
    static final int MSS = 100;

    static String bytesAt(SendBuffer b, SeqNum seq, int length) {
        byte[] out = new byte[length];
        b.copyTo(seq, length, MemorySegment.ofArray(out), 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /** A buffer with {@code segments} MSS-sized segments sent at t = 0, 1, 2, ... */
    static SendBuffer sentSegments(SeqNum una, int segments) {
        SendBuffer b = new SendBuffer(una, 100 * MSS);
        assertThat(b.append(new byte[segments * MSS])).isEqualTo(segments * MSS);
        for (int i = 0; i < segments; i++) {
            b.onSent(i, una.plus(i * MSS), MSS);
        }
        return b;
    }

    static SeqNum seg(int i) {
        return UNA.plus(i * MSS);
    }

    @Test
    void append_takesOnlyWhatFits_andAcksFreeRoom() {
        SendBuffer b = new SendBuffer(UNA, 10);
        assertThat(b.append("abcdefgh".getBytes(StandardCharsets.US_ASCII))).isEqualTo(8);
        assertThat(b.append("ijklmn".getBytes(StandardCharsets.US_ASCII))).isEqualTo(2);
        assertThat(b.freeSpace()).isZero();
        b.onSent(0, UNA, 6);
        assertThat(b.acknowledge(10, UNA.plus(4))).isEqualTo(new Acked(4, 10));
        assertThat(b.append("klmnop".getBytes(StandardCharsets.US_ASCII))).isEqualTo(4); // the ring wraps
        assertThat(bytesAt(b, UNA.plus(4), 10)).isEqualTo("efghijklmn");
        assertThat(b.unsent()).isEqualTo(8);
        assertThat(b.inFlight()).isEqualTo(2);
    }

    @Test
    void sequenceNumbers_wrapAround2To32() {
        SeqNum una = SeqNum.of(0xffff_fff8L);
        SendBuffer b = new SendBuffer(una, 64);
        b.append("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        b.onSent(0, una, 16);
        assertThat(b.sndNxt()).isEqualTo(SeqNum.of(8));
        assertThat(bytesAt(b, SeqNum.of(0xffff_fffeL), 4)).isEqualTo("6789");
        assertThat(b.acknowledge(5, SeqNum.of(2)).bytes()).isEqualTo(10);
        assertThat(b.sndUna()).isEqualTo(SeqNum.of(2));
        assertThat(b.acknowledge(6, SeqNum.of(0xffff_fff9L)).bytes()).isZero(); // an old ACK
    }

    @Test
    void rttSample_comesFromTheOldestNewlyAckedSegment() {
        SendBuffer b = sentSegments(UNA, 4); // sent at t = 0, 1, 2, 3
        assertThat(b.acknowledge(50, seg(2))).isEqualTo(new Acked(200, 50));
        assertThat(b.oldestSendTimeNanos()).isEqualTo(2);
        assertThat(b.acknowledge(60, seg(4))).isEqualTo(new Acked(200, 58));
        assertThat(b.segmentCount()).isZero();
    }

    @Test
    void anAckCoveringARetransmission_givesNoRttSample_karn_rfc6298_3() {
        SendBuffer b = sentSegments(UNA, 3);
        b.onSent(100, seg(0), MSS); // retransmitted
        assertThat(b.acknowledge(150, seg(2))).isEqualTo(new Acked(200, SendBuffer.NO_RTT_SAMPLE));
        assertThat(b.acknowledge(160, seg(3))).isEqualTo(new Acked(100, 158)); // a clean segment again
    }

    @Test
    void partialAcks_andRetransmissionsCutDifferently_splitSegments() {
        SendBuffer b = sentSegments(UNA, 2);
        assertThat(b.acknowledge(10, UNA.plus(30))).isEqualTo(new Acked(30, 10));
        b.onSent(20, UNA.plus(30), 50); // resent with a smaller MSS
        assertThat(b.segmentCount()).isEqualTo(3); // [30,80) retransmitted, [80,100), [100,200)
        assertThat(b.acknowledge(30, UNA.plus(80)).rttSampleNanos()).isEqualTo(SendBuffer.NO_RTT_SAMPLE);
        assertThat(b.acknowledge(40, UNA.plus(100))).isEqualTo(new Acked(20, 40)); // sent at t = 0, never resent
    }

    @Test
    void anAckBeyondSndNxt_freesOnlyWhatWasSent() {
        SendBuffer b = sentSegments(UNA, 2);
        b.append(new byte[50]); // unsent
        assertThat(b.acknowledge(10, seg(2).plus(1)).bytes()).isEqualTo(200); // as a FIN's ACK
        assertThat(b.unsent()).isEqualTo(50);
    }

    @Test
    void threeSackedSegmentsAbove_makeAHoleLost_rfc6675_isLost() {
        SendBuffer b = sentSegments(UNA, 10);
        b.markSacked(seg(2), seg(4));
        assertThat(b.isLost(seg(0), MSS)).isFalse(); // two SACKed segments: not yet
        b.markSacked(seg(4), seg(5));
        assertThat(b.isLost(seg(0), MSS)).isTrue();
        assertThat(b.isLost(seg(1), MSS)).isTrue();
        assertThat(b.isLost(seg(5), MSS)).isFalse(); // nothing SACKed above it
    }

    @Test
    void moreThanTwoSegmentsOfSackedBytes_makeAHoleLost_rfc6675_isLost() {
        SendBuffer b = new SendBuffer(UNA, 1000);
        b.append(new byte[400]);
        b.onSent(0, UNA, 100);
        b.onSent(0, UNA.plus(100), 250); // one big segment (e.g. TSO-sized)
        b.markSacked(UNA.plus(100), UNA.plus(350));
        assertThat(b.isLost(UNA, MSS)).isTrue(); // 250 > (3 - 1) * 100 bytes
        assertThat(b.isLost(UNA, 200)).isFalse();
    }

    @Test
    void aSackBlockCoveringPartOfASegment_doesNotMarkIt() {
        SendBuffer b = sentSegments(UNA, 5);
        b.markSacked(seg(1).plus(50), seg(5));
        b.markSacked(seg(5), seg(1)); // inverted: ignored
        assertThat(b.isLost(seg(0), MSS)).isTrue(); // segments 2, 3, 4
        assertThat(b.pipe(MSS)).isEqualTo(0); // 0 and 1 lost, 2..4 SACKed
        b.onSent(10, seg(0), MSS);
        assertThat(b.nextSegmentToRetransmit(MSS)).isEqualTo(new Range(seg(1), MSS)); // half-covered: not SACKed
    }

    @Test
    void nextSegmentToRetransmit_walksTheLostHolesAboveHighRxt_rfc6675_nextSeg() {
        SendBuffer b = sentSegments(UNA, 10);
        b.markSacked(seg(2), seg(5)); // holes 0 and 1 are lost; 5..9 are not (nothing SACKed above)
        assertThat(b.pipe(MSS)).isEqualTo(5 * MSS); // segments 5..9
        assertThat(b.nextSegmentToRetransmit(MSS)).isEqualTo(new Range(seg(0), MSS));
        b.onSent(20, seg(0), MSS);
        assertThat(b.pipe(MSS)).isEqualTo(6 * MSS); // the retransmission is in the network again
        assertThat(b.nextSegmentToRetransmit(MSS)).isEqualTo(new Range(seg(1), MSS));
        b.onSent(21, seg(1), MSS);
        assertThat(b.nextSegmentToRetransmit(MSS)).isNull();
        b.resetRetransmitMark();
        assertThat(b.nextSegmentToRetransmit(MSS)).isEqualTo(new Range(seg(0), MSS));
        assertThat(b.nextSegmentToRetransmit(40)).isEqualTo(new Range(seg(0), 40));
    }

    @Test
    void misuse_isRejectedWithAClearMessage() {
        SendBuffer b = sentSegments(UNA, 2);
        assertThatThrownBy(() -> b.onSent(0, seg(3), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot send");
        assertThatThrownBy(() -> b.copyTo(seg(1), 200, MemorySegment.ofArray(new byte[200]), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        b.append(new byte[10]);
        assertThatThrownBy(() -> b.onSent(0, seg(1), 110)).isInstanceOf(IllegalArgumentException.class);
    }
}
