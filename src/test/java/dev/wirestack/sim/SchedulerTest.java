package dev.wirestack.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final Scheduler scheduler = new Scheduler();
    private final List<String> log = new ArrayList<>();

    private Runnable record(String what) {
        return () -> log.add(what + "@" + scheduler.now());
    }

    @Test
    void eventsRunInTimeOrderAndTheClockJumpsToEach() {
        scheduler.schedule(30, record("c"));
        scheduler.schedule(10, record("a"));
        scheduler.schedule(20, record("b"));

        scheduler.run();

        assertThat(log).containsExactly("a@10", "b@20", "c@30");
        assertThat(scheduler.now()).isEqualTo(30);
        assertThat(scheduler.pendingEvents()).isZero();
    }

    @Test
    void simultaneousEventsRunInTheOrderTheyWereScheduled() {
        for (String name : List.of("first", "second", "third", "fourth")) {
            scheduler.schedule(5, record(name));
        }
        scheduler.schedule(5, () -> scheduler.schedule(5, record("scheduled-while-running")));

        scheduler.run();

        assertThat(log).containsExactly("first@5", "second@5", "third@5", "fourth@5", "scheduled-while-running@5");
    }

    @Test
    void runUntilRunsEventsUpToAndIncludingTheTimeAndStopsTheClockThere() {
        scheduler.schedule(100, record("due"));
        scheduler.schedule(101, record("later"));

        scheduler.runUntil(100);
        assertThat(log).containsExactly("due@100");
        scheduler.runUntil(150);

        assertThat(log).containsExactly("due@100", "later@101");
        assertThat(scheduler.now()).isEqualTo(150);
    }

    @Test
    void runForAdvancesByADurationOfVirtualTime() {
        scheduler.scheduleAfter(Duration.ofMillis(2), record("tick"));

        scheduler.runFor(Duration.ofMillis(1));
        assertThat(log).isEmpty();
        scheduler.runFor(Duration.ofMillis(1));

        assertThat(log).containsExactly("tick@2000000");
        assertThat(scheduler.now()).isEqualTo(2_000_000);
    }

    @Test
    void thePastIsOffLimits() {
        scheduler.runUntil(50);

        assertThatThrownBy(() -> scheduler.schedule(49, record("late"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scheduler.runUntil(10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRescheduledEventMovesInsteadOfRunningTwice() {
        var event = new Scheduler.Event() {
            @Override
            void fire(long nowNanos) {
                log.add("wake@" + nowNanos);
            }
        };
        scheduler.schedule(event, 100);
        scheduler.schedule(event, 40);
        scheduler.schedule(event, 70);

        scheduler.run();

        assertThat(log).containsExactly("wake@70");
    }

    @Test
    void aCancelledEventDoesNotRun() {
        var event = new Scheduler.Event() {
            @Override
            void fire(long nowNanos) {
                log.add("cancelled event ran");
            }
        };
        scheduler.schedule(event, 10);
        scheduler.schedule(20, record("other"));

        scheduler.cancel(event);
        scheduler.run();

        assertThat(log).containsExactly("other@20");
    }
}
