package dev.wirestack.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-producer, single-consumer frame ring: publication, order, bounds, wrap-around, and two threads. */
class FrameRingTest {

    @Test
    void framesComeOutOncePublished_inTheOrderTheyWentIn_asTheSameArrays() {
        FrameRing ring = new FrameRing(4);
        byte[] first = {1};
        byte[] second = {2};
        assertThat(ring.offer(first)).isTrue();
        assertThat(ring.offer(second)).isTrue();
        assertThat(ring.unpublished()).isEqualTo(2);
        assertThat(ring.poll()).isNull();
        assertThat(ring.isEmpty()).isTrue();

        ring.publish();
        assertThat(ring.unpublished()).isZero();
        assertThat(ring.poll()).isSameAs(first);
        assertThat(ring.poll()).isSameAs(second);
        assertThat(ring.poll()).isNull();
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void aFullRingRefusesTheNextFrame_untilOneIsTaken_publishedOrNot() {
        FrameRing ring = new FrameRing(2);
        assertThat(ring.offer(new byte[] {1})).isTrue();
        assertThat(ring.offer(new byte[] {2})).isTrue();
        assertThat(ring.isFull()).isTrue();
        assertThat(ring.offer(new byte[] {3})).isFalse();

        ring.publish();
        assertThat(ring.offer(new byte[] {3})).isFalse();
        assertThat(ring.poll()).containsExactly(1);
        assertThat(ring.offer(new byte[] {3})).isTrue();
        ring.publish();
        assertThat(ring.poll()).containsExactly(2);
        assertThat(ring.poll()).containsExactly(3);
    }

    @Test
    void theRingWrapsAroundManyTimes() {
        FrameRing ring = new FrameRing(4);
        for (int i = 0; i < 1000; i++) {
            assertThat(ring.offer(new byte[] {(byte) i})).isTrue();
            assertThat(ring.offer(new byte[] {(byte) (i + 1)})).isTrue();
            ring.publish();
            assertThat(ring.poll()).containsExactly((byte) i);
            assertThat(ring.poll()).containsExactly((byte) (i + 1));
        }
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void capacityIsAPowerOfTwo() {
        assertThat(new FrameRing(1024).capacity()).isEqualTo(1024);
        assertThatThrownBy(() -> new FrameRing(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FrameRing(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConsumerThreadReceivesEveryFrameOfAProducerThread_inOrder() throws Exception {
        FrameRing ring = new FrameRing(8);
        int count = 100_000;
        List<Integer> received = new ArrayList<>(count);
        Thread consumer = Thread.ofPlatform().start(() -> {
            while (received.size() < count) {
                byte[] frame = ring.poll();
                if (frame == null) {
                    Thread.onSpinWait();
                } else {
                    received.add((frame[0] & 0xff) << 16 | (frame[1] & 0xff) << 8 | frame[2] & 0xff);
                }
            }
        });
        for (int i = 0; i < count; i++) {
            byte[] frame = {(byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            while (!ring.offer(frame)) {
                ring.publish();
                Thread.onSpinWait();
            }
            if (i % 3 == 2) {
                ring.publish(); // bursts of three
            }
        }
        ring.publish();
        consumer.join();

        assertThat(received).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(received.get(i)).isEqualTo(i);
        }
    }
}
