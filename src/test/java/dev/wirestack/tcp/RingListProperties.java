package dev.wirestack.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link RingList} behaves as an {@code ArrayList} under any mix of appends, inserts and front removals. */
class RingListProperties {

    @Property
    void matchesAnArrayList(@ForAll("operations") List<int[]> operations) {
        RingList<Integer> ring = new RingList<>();
        List<Integer> model = new ArrayList<>();
        int next = 0;
        for (int[] op : operations) {
            switch (op[0]) {
                case 0 -> {
                    ring.add(next);
                    model.add(next++);
                }
                case 1 -> {
                    int index = op[1] % (model.size() + 1);
                    ring.add(index, next);
                    model.add(index, next++);
                }
                default -> {
                    int count = model.isEmpty() ? 0 : op[1] % (model.size() + 1);
                    ring.removeFirst(count);
                    model.subList(0, count).clear();
                }
            }
            assertThat(ring.size()).isEqualTo(model.size());
            for (int i = 0; i < model.size(); i++) {
                assertThat(ring.get(i)).isEqualTo(model.get(i));
            }
        }
    }

    @Provide
    Arbitrary<List<int[]>> operations() {
        Arbitrary<int[]> op = Arbitraries.integers().between(0, 2).flatMap(kind ->
                Arbitraries.integers().between(0, 1000).map(arg -> new int[] {kind, arg}));
        return op.list().ofMaxSize(200);
    }

    @Test
    void indexesOutsideTheListAreRejected() {
        RingList<String> ring = new RingList<>();
        ring.add("a");
        assertThatThrownBy(() -> ring.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.removeFirst(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> ring.add(3, "b")).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
