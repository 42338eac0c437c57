package dev.wirestack.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class SchedulerProperties {

    /** Events run sorted by time, ties by the order they were scheduled, whatever the order of scheduling. */
    @Property
    void eventsRunInTimeThenSchedulingOrder(@ForAll @Size(max = 300) List<@LongRange(max = 50) Long> times) {
        var scheduler = new Scheduler();
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            int index = i;
            scheduler.schedule(times.get(i), () -> ran.add(index));
        }

        scheduler.run();

        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            expected.add(i);
        }
        expected.sort(Comparator.<Integer>comparingLong(times::get).thenComparing(i -> i));
        assertThat(ran).isEqualTo(expected);
    }
}
