package dev.wirestack.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.MacAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The open-addressing table behaves like a map with ageing, whatever the sequence of learns, lookups and sweeps. */
class MacTableProperties {
    private static final long AGING = 50;
    private static final int CAPACITY = 16;

    record Op(int kind, long mac, int port) {
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        // Few distinct addresses (many collide in a small table), each operation one time step apart.
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.longs().between(0, 40).map(i -> i * 0x1_0000_0000L + i), Arbitraries.integers().between(0, 3))
                .as(Op::new);
        return op.list().ofMaxSize(400);
    }

    @Property
    void behavesLikeAnAgeingMap(@ForAll("operations") List<Op> ops) {
        var table = new MacTable(CAPACITY);
        Map<Long, long[]> model = new HashMap<>(); // mac -> {port, lastSeen}
        long now = 0;
        for (Op op : ops) {
            now++;
            long time = now;
            switch (op.kind()) {
                case 0 -> {
                    boolean known = model.containsKey(op.mac());
                    MacTable.Learned learned = table.learn(op.mac(), op.port(), time);
                    if (!known && model.size() == CAPACITY) {
                        assertThat(learned).isEqualTo(MacTable.Learned.TABLE_FULL);
                    } else {
                        model.put(op.mac(), new long[] {op.port(), time});
                    }
                }
                case 1 -> {
                    long[] entry = model.get(op.mac());
                    int expected = entry == null || time - entry[1] >= AGING ? -1 : (int) entry[0];
                    if (entry != null && expected == -1) {
                        model.remove(op.mac());
                    }
                    assertThat(table.portOf(op.mac(), time, AGING)).isEqualTo(expected);
                }
                default -> {
                    model.values().removeIf(entry -> time - entry[1] >= AGING);
                    long oldest = model.values().stream().mapToLong(entry -> entry[1]).min().orElse(Long.MAX_VALUE);
                    assertThat(table.removeExpired(time, AGING)).isEqualTo(oldest);
                }
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        Map<MacAddress, Integer> expected = new TreeMap<>((x, y) -> Long.compare(x.bits(), y.bits()));
        model.forEach((mac, entry) -> expected.put(new MacAddress(mac), (int) entry[0]));
        assertThat(table.snapshot()).containsExactlyEntriesOf(expected);
    }
}
