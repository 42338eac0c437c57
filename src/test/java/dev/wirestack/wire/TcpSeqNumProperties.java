package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class TcpSeqNumProperties {

    @Property
    void minusUndoesPlus(@ForAll int start, @ForAll int count) {
        SeqNum from = new SeqNum(start);
        assertThat(from.plus(count).minus(from)).isEqualTo(count);
    }

    @Property
    void anythingLessThanHalfTheSpaceAheadIsLaterWhereverItWraps(@ForAll int start,
                                                                 @ForAll @IntRange(min = 1) int ahead) {
        SeqNum from = new SeqNum(start);
        SeqNum later = from.plus(ahead);
        assertThat(from.lt(later)).isTrue();
        assertThat(later.gt(from)).isTrue();
        assertThat(later.lt(from)).isFalse();
        assertThat(from.ge(later)).isFalse();
    }

    @Property
    void inWindowMeansADistanceBelowTheSize(@ForAll int start, @ForAll int point,
                                            @ForAll @IntRange(min = 0) int size) {
        SeqNum first = new SeqNum(start);
        SeqNum candidate = new SeqNum(point);
        long distance = candidate.minus(first) & 0xffff_ffffL;
        assertThat(candidate.inWindow(first, size)).isEqualTo(distance < size);
        if (candidate.inWindow(first, size)) {
            assertThat(candidate.ge(first)).isTrue();
        }
    }
}
