package dev.wirestack.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fault injector over a scripted device on a manual clock: what it drops, holds, reorders and repeats. */
class FaultInjectorTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ScriptedDevice inner = new ScriptedDevice();
    private long now;

    @Test
    void withoutImpairmentFramesPassAtOnceBothWays() throws Exception {
        FaultInjector injector = injector(Impairment.NONE);
        inner.arriving.add(frame(1));

        assertThat(injector.receive()).isEqualTo(frame(1));
        injector.send(frame(2));
        assertThat(inner.sent).containsExactly(frame(2));
    }

    @Test
    void closingSendsTheFramesTheDelayStillHolds_inOrder_thenClosesTheDevice() throws Exception {
        FaultInjector injector = injector(new Impairment(0, 10 * MS, 0, 0, 1));
        injector.send(frame(1));
        injector.send(frame(2));
        assertThat(inner.sent).isEmpty();

        injector.close();

        assertThat(inner.sent).containsExactly(frame(1), frame(2));
        assertThat(inner.closed).isTrue();
    }

    @Test
    void aDelayHoldsFramesUntilDue_inOrder_andAwaitSleepsNoLonger() throws Exception {
        FaultInjector injector = injector(new Impairment(0, 10 * MS, 0, 0, 1));
        inner.arriving.add(frame(1));
        assertThat(injector.receive()).isNull(); // read from the device at 0 ms, due at 10 ms
        injector.send(frame(2));
        now = 3 * MS;
        injector.send(frame(3));

        assertThat(injector.receive()).isNull();
        assertThat(inner.sent).isEmpty();
        injector.await(TimeUnit.SECONDS.toNanos(1));
        assertThat(inner.awaited).containsExactly(7 * MS); // until the first held frame is due, at 10 ms

        now = 10 * MS;
        assertThat(injector.receive()).isEqualTo(frame(1));
        assertThat(inner.sent).containsExactly(frame(2));
        now = 13 * MS;
        injector.await(TimeUnit.SECONDS.toNanos(1));
        assertThat(inner.sent).containsExactly(frame(2), frame(3));
    }

    @Test
    void lossDropsAboutItsShare_inBothDirections() throws Exception {
        FaultInjector injector = injector(new Impairment(0.25, 0, 0, 0, 42));
        int received = 0;
        for (int i = 0; i < 4000; i++) {
            inner.arriving.add(frame(i));
            if (injector.receive() != null) {
                received++;
            }
            injector.send(frame(i));
        }

        assertThat(received).isBetween(2800, 3200);
        assertThat(inner.sent.size()).isBetween(2800, 3200);
        assertThat(injector.lost()).isEqualTo(8000 - received - inner.sent.size());
    }

    @Test
    void duplicationSendsSomeFramesTwice() throws Exception {
        FaultInjector injector = injector(new Impairment(0, 0, 0, 0.5, 3));
        for (int i = 0; i < 100; i++) {
            injector.send(frame(i));
        }

        assertThat(inner.sent.size()).isEqualTo(100 + (int) injector.duplicated()).isBetween(130, 170);
    }

    @Test
    void reorderingLetsLaterFramesOvertakeAHeldOne() throws Exception {
        FaultInjector injector = injector(new Impairment(0, 0, 0.5, 0, 5));
        for (int i = 0; i < 20; i++) {
            injector.send(frame(i));
        }
        now = 5 * MS;
        injector.await(0);

        assertThat(inner.sent).hasSize(20);
        assertThat(injector.reordered()).isPositive();
        List<Integer> order = inner.sent.stream().map(f -> (int) f[0]).toList();
        assertThat(order).isNotEqualTo(order.stream().sorted().toList());
        assertThat(order).containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
    }

    @Test
    void theSameSeedMakesTheSameDecisions() throws Exception {
        Impairment impairment = new Impairment(0.3, 0, 0, 0.3, 99);
        assertThat(sentThrough(impairment)).isEqualTo(sentThrough(impairment));
        assertThat(sentThrough(impairment)).isNotEqualTo(sentThrough(new Impairment(0.3, 0, 0, 0.3, 100)));
    }

    @Test
    void heldFramesAreBounded_theRestIsDroppedAndCounted() throws Exception {
        FaultInjector injector = injector(new Impairment(0, 10 * MS, 0, 0, 1));
        for (int i = 0; i < FaultInjector.MAX_HELD_FRAMES + 10; i++) {
            injector.send(frame(i));
        }

        assertThat(injector.overflowed()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loss=0.03,delay=10ms,reorder=0.01,duplicate=0.01 | 0.03 | 10000000 | 0.01 | 0.01 | 1
            loss=3%,seed=7                                   | 0.03 | 0        | 0    | 0    | 7
            delay=500us                                      | 0    | 500000   | 0    | 0    | 1
            delay=1s, duplicate=100%                         | 0    | 1000000000 | 0  | 1    | 1
            """)
    void theFlagFormParses(String text, double loss, long delay, double reorder, double duplicate, long seed) {
        assertThat(Impairment.parse(text)).isEqualTo(new Impairment(loss, delay, reorder, duplicate, seed));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            loss=2       | loss is a probability from 0 to 1
            loss=lots    | loss is a probability such as 0.03 or 3%
            delay=10     | delay is a duration such as 10ms
            delay=11s    | delay is 0 to 10 s
            jitter=1ms   | unknown impairment 'jitter'
            loss         | an impairment is KEY=VALUE
            seed=x       | seed is a whole number
            """)
    void aBadFlagSaysWhatIsWrong(String text, String problem) {
        assertThatThrownBy(() -> Impairment.parse(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }

    private List<Integer> sentThrough(Impairment impairment) throws Exception {
        ScriptedDevice device = new ScriptedDevice();
        FaultInjector injector = new FaultInjector(device, impairment, () -> now);
        for (int i = 0; i < 200; i++) {
            injector.send(frame(i));
        }
        return device.sent.stream().map(f -> (int) f[0]).toList();
    }

    private FaultInjector injector(Impairment impairment) {
        return new FaultInjector(inner, impairment, () -> now);
    }

    private static byte[] frame(int id) {
        return new byte[] {(byte) id, (byte) (id >> 8), (byte) (id >> 16)};
    }

    /** Frames to hand out, frames sent, and the waits asked of it. */
    private static final class ScriptedDevice implements FrameDevice {
        final ArrayDeque<byte[]> arriving = new ArrayDeque<>();
        final List<byte[]> sent = new ArrayList<>();
        final List<Long> awaited = new ArrayList<>();
        boolean closed;

        @Override
        public byte[] receive() {
            return arriving.poll();
        }

        @Override
        public void send(byte[] frame) {
            sent.add(frame);
        }

        @Override
        public void await(long timeoutNanos) {
            awaited.add(timeoutNanos);
        }

        @Override
        public void wakeUp() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
