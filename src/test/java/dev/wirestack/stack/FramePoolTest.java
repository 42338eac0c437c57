package dev.wirestack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FramePoolTest {

    @Test
    void anArrayGivenBackIsTakenAgainForAFrameOfItsLength() {
        FramePool pool = new FramePool();
        byte[] frame = pool.take(1514);
        pool.give(frame);

        assertThat(pool.take(1000)).hasSize(1000).isNotSameAs(frame);
        assertThat(pool.take(1514)).isSameAs(frame);
        assertThat(pool.take(1514)).hasSize(1514).isNotSameAs(frame);
    }

    @Test
    void eachArrayIsTakenOnlyOnce() {
        FramePool pool = new FramePool();
        byte[] first = new byte[1514];
        byte[] second = new byte[1514];
        pool.give(first);
        pool.give(second);

        assertThat(pool.take(1514)).isSameAs(second);
        assertThat(pool.take(1514)).isSameAs(first);
        assertThat(pool.kept()).isZero();
    }

    @Test
    void shortFramesAreNotKept() {
        FramePool pool = new FramePool();
        byte[] ack = new byte[66];
        pool.give(ack);

        assertThat(pool.kept()).isZero();
        assertThat(pool.take(66)).hasSize(66).isNotSameAs(ack);
    }

    @Test
    void eachLengthKeepsABoundedNumberOfBytes() {
        FramePool pool = new FramePool();
        for (int i = 0; i < 1000; i++) {
            pool.give(new byte[1514]);
            pool.give(new byte[65_549]);
        }

        assertThat(pool.kept()).isEqualTo(FramePool.BYTES_PER_LENGTH / 1514 + FramePool.BYTES_PER_LENGTH / 65_549);
    }

    @Test
    void aNewLengthTakesTheSlotOfTheLeastRecentlyUsedOne() {
        FramePool pool = new FramePool();
        byte[][] frames = {new byte[600], new byte[700], new byte[800], new byte[1514]};
        for (byte[] frame : frames) {
            pool.give(frame);
        }
        pool.give(new byte[600]); // 600 is now the most recently used length, 700 the least
        pool.give(new byte[900]);

        assertThat(pool.take(700)).isNotSameAs(frames[1]);
        assertThat(pool.take(800)).isSameAs(frames[2]);
        assertThat(pool.take(1514)).isSameAs(frames[3]);
        assertThat(pool.take(900)).hasSize(900);
        assertThat(pool.kept()).isEqualTo(2); // the two of length 600
    }
}
