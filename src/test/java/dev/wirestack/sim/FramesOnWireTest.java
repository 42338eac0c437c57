package dev.wirestack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesOnWireTest {
    private final Scheduler scheduler = new Scheduler();
    private final List<String> log = new ArrayList<>();
    private final FramesOnWire wire = new FramesOnWire(scheduler,
            (now, frame, fcs) -> log.add("frame" + frame[0] + "/" + fcs + "@" + now));

    @Test
    void framesRunWhereTheirOwnEventsWouldHaveRunAmongOtherEventsAtTheSameInstant() {
        wire.add(new byte[] {1}, 11, 10);
        scheduler.schedule(10, () -> log.add("action@" + scheduler.now()));
        wire.add(new byte[] {2}, 22, 10);
        wire.add(new byte[] {3}, 33, 20);
        scheduler.schedule(15, () -> log.add("between@" + scheduler.now()));

        scheduler.run();

        assertThat(log).containsExactly("frame1/11@10", "action@10", "frame2/22@10", "between@15", "frame3/33@20");
        assertThat(scheduler.pendingEvents()).isZero();
    }

    @Test
    void onlyTheFirstFrameWaitsInTheSchedulerAndTheQueueGrowsPastItsFirstSlots() {
        for (int i = 0; i < 40; i++) {
            wire.add(new byte[] {(byte) i}, 0, 100 + i);
        }

        assertThat(scheduler.pendingEvents()).isEqualTo(1);
        scheduler.run();
        assertThat(log).hasSize(40).startsWith("frame0/0@100").endsWith("frame39/0@139");
    }

    @Test
    void aFrameDueBeforeTheOneAheadOfItIsRefused() {
        wire.add(new byte[] {1}, 0, 50);

        assertThatThrownBy(() -> wire.add(new byte[] {2}, 0, 49)).isInstanceOf(IllegalArgumentException.class);
    }
}
