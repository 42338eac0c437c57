package dev.wirestack.tcp;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring grows on demand, yet every live byte reads back as written, wherever growth and wrapping split it. */
class ByteRingProperties {

    @Property(tries = 300)
    void liveBytesSurviveGrowthAndWrapping(@ForAll @IntRange(min = 1, max = 20_000) int capacity,
                                           @ForAll long seed) {
        Random random = new Random(seed);
        byte[] stream = new byte[capacity * 8];
        random.nextBytes(stream);
        ByteRing ring = new ByteRing(capacity);
        long liveStart = 0;
        long end = 0;
        while (end < stream.length) {
            // Like a send buffer: append what fits, then free a random part from the front.
            int length = (int) Math.min(stream.length - end, random.nextInt(capacity - (int) (end - liveStart) + 1));
            ring.write(liveStart, end, MemorySegment.ofArray(stream), end, length);
            end += length;
            assertThat(ring.allocated()).isBetween((int) Math.min(capacity, end - liveStart), capacity);
            byte[] expected = Arrays.copyOfRange(stream, (int) liveStart, (int) end);
            byte[] live = new byte[(int) (end - liveStart)];
            ring.read(liveStart, MemorySegment.ofArray(live), 0, live.length);
            assertThat(live).isEqualTo(expected);
            byte[] intoArray = new byte[live.length + 1]; // the same bytes read into an array, at an offset
            ring.read(liveStart, intoArray, 1, live.length);
            assertThat(Arrays.copyOfRange(intoArray, 1, intoArray.length)).isEqualTo(expected);
            liveStart += random.nextInt(live.length + 1);
        }
    }

    @Property(tries = 50)
    void nothingIsAllocatedBeforeTheFirstWrite(@ForAll @IntRange(min = 1, max = 1 << 20) int capacity) {
        ByteRing ring = new ByteRing(capacity);
        ring.write(0, 0, MemorySegment.ofArray(new byte[0]), 0, 0);
        assertThat(ring.allocated()).isZero();
        ring.write(0, 0, MemorySegment.ofArray(new byte[1]), 0, 1);
        assertThat(ring.allocated()).isEqualTo(Math.min(capacity, ByteRing.FIRST_SIZE));
    }
}
