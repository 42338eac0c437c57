package dev.wirestack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FramePoolTest {

    @Test
    void anArrayGivenBackIsTakenAgainForAFrameOfItsLength() {
        FramePool pool = new FramePool();
        byte[] frame = pool.take(1514);
        pool.give(frame);

        assertThat(pool.take(60)).hasSize(60).isNotSameAs(frame);
        assertThat(pool.take(1514)).isSameAs(frame);
        assertThat(pool.take(1514)).hasSize(1514).isNotSameAs(frame);
    }

    @Test
    void eachArrayIsTakenOnlyOnce() {
        FramePool pool = new FramePool();
        byte[] first = new byte[66];
        byte[] second = new byte[66];
        pool.give(first);
        pool.give(second);

        assertThat(pool.take(66)).isSameAs(second);
        assertThat(pool.take(66)).isSameAs(first);
        assertThat(pool.kept()).isZero();
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
        byte[][] frames = {new byte[60], new byte[66], new byte[74], new byte[1514]};
        for (byte[] frame : frames) {
            pool.give(frame);
        }
        pool.give(new byte[60]); // 60 is now the most recently used length, 66 the least
        pool.give(new byte[78]);

        assertThat(pool.take(66)).isNotSameAs(frames[1]);
        assertThat(pool.take(74)).isSameAs(frames[2]);
        assertThat(pool.take(1514)).isSameAs(frames[3]);
        assertThat(pool.take(78)).hasSize(78);
        assertThat(pool.kept()).isEqualTo(2); // the two of length 60
    }
}
