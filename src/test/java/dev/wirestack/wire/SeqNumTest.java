package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeqNumTest {
    private static final SeqNum NEAR_TOP = SeqNum.of(0xffff_fff0L);

    @Test
    void plusWrapsAround2To32() {
        assertThat(NEAR_TOP.plus(0x10)).isEqualTo(SeqNum.ZERO);
        assertThat(NEAR_TOP.plus(0x20).unsigned()).isEqualTo(0x10);
        assertThat(SeqNum.ZERO.plus(-1).unsigned()).isEqualTo(0xffff_ffffL);
    }

    @Test
    void minusIsTheSignedDistanceAcrossTheWrap() {
        SeqNum afterWrap = SeqNum.of(5);
        assertThat(afterWrap.minus(NEAR_TOP)).isEqualTo(21);
        assertThat(NEAR_TOP.minus(afterWrap)).isEqualTo(-21);
        assertThat(afterWrap.minus(afterWrap)).isZero();
    }

    @Test
    void comparisonsFollowTheShorterWayRoundTheCircle() {
        SeqNum afterWrap = SeqNum.of(5);
        // 5 is numerically smaller but 21 steps after 0xfffffff0.
        assertThat(NEAR_TOP.lt(afterWrap)).isTrue();
        assertThat(NEAR_TOP.le(afterWrap)).isTrue();
        assertThat(afterWrap.gt(NEAR_TOP)).isTrue();
        assertThat(afterWrap.ge(NEAR_TOP)).isTrue();
        assertThat(afterWrap.lt(NEAR_TOP)).isFalse();
        assertThat(NEAR_TOP.gt(afterWrap)).isFalse();
        assertThat(afterWrap.le(afterWrap)).isTrue();
        assertThat(afterWrap.ge(afterWrap)).isTrue();
        assertThat(afterWrap.lt(afterWrap)).isFalse();
        assertThat(afterWrap.gt(afterWrap)).isFalse();
    }

    @Test
    void justUnderHalfTheSpaceAheadIsLater() {
        SeqNum start = SeqNum.of(0xc000_0000L);
        SeqNum ahead = start.plus(Integer.MAX_VALUE);
        assertThat(start.lt(ahead)).isTrue();
        assertThat(ahead.gt(start)).isTrue();
        // One more step and it becomes "behind" from start's point of view (RFC 1982's undefined midpoint).
        SeqNum midpoint = ahead.plus(1);
        assertThat(start.lt(midpoint)).isTrue();
        assertThat(midpoint.lt(start)).isTrue();
        assertThat(start.lt(midpoint.plus(1))).isFalse();
    }

    @Test
    void inWindowAcrossTheWrap() {
        // Window of 32 octets starting at 0xfffffff0 covers 0xfffffff0 .. 0x0000000f.
        assertThat(NEAR_TOP.inWindow(NEAR_TOP, 32)).isTrue();
        assertThat(SeqNum.of(0xffff_ffffL).inWindow(NEAR_TOP, 32)).isTrue();
        assertThat(SeqNum.ZERO.inWindow(NEAR_TOP, 32)).isTrue();
        assertThat(SeqNum.of(0x0f).inWindow(NEAR_TOP, 32)).isTrue();
        assertThat(SeqNum.of(0x10).inWindow(NEAR_TOP, 32)).isFalse();
        assertThat(NEAR_TOP.plus(-1).inWindow(NEAR_TOP, 32)).isFalse();
    }

    @Test
    void emptyWindowHoldsNothing() {
        assertThat(NEAR_TOP.inWindow(NEAR_TOP, 0)).isFalse();
        assertThatThrownBy(() -> NEAR_TOP.inWindow(NEAR_TOP, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largestWindowAfterScaling() {
        int window = 0xffff << TcpOptions.MAX_WINDOW_SCALE; // RFC 7323: at most 2^30 - 2^14
        SeqNum start = SeqNum.of(0xf000_0000L);
        assertThat(start.plus(window - 1).inWindow(start, window)).isTrue();
        assertThat(start.plus(window).inWindow(start, window)).isFalse();
    }

    @Test
    void unsignedTextAndRange() {
        assertThat(SeqNum.of(0xffff_ffffL)).isEqualTo(new SeqNum(-1));
        assertThat(new SeqNum(-1)).hasToString("4294967295");
        assertThatThrownBy(() -> SeqNum.of(0x1_0000_0000L)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SeqNum.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
