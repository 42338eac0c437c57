package dev.wirestack.stack;

import dev.wirestack.tcp.Endpoint;
import dev.wirestack.tcp.FourTuple;
import dev.wirestack.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The heap of connection deadlines against a sorted set, over random inserts, moves and removals. */
class TcpTimersTest {
    @Test
    void earliestAndDueOrder_matchAMapModel_overRandomOperations() {
        SplittableRandom random = new SplittableRandom(5);
        TcpTimers timers = new TcpTimers();
        Map<TcpSocket, Long> model = new HashMap<>();
        List<TcpSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sockets.add(socket(i + 1));
        }
        for (int step = 0; step < 20_000; step++) {
            TcpSocket socket = sockets.get(random.nextInt(sockets.size()));
            switch (random.nextInt(4)) {
                case 0 -> {
                    timers.remove(socket);
                    model.remove(socket);
                }
                case 1 -> {
                    timers.update(socket, Long.MAX_VALUE);
                    model.remove(socket);
                }
                default -> {
                    long deadline = random.nextLong(1_000);
                    timers.update(socket, deadline);
                    model.put(socket, deadline);
                }
            }
            assertThat(timers.earliest()).isEqualTo(model.values().stream().min(Long::compare).orElse(Long.MAX_VALUE));
        }
        assertThat(timers.size()).isEqualTo(model.size());
        List<TcpSocket> due = new ArrayList<>();
        TcpSocket next;
        while ((next = timers.pollDue(500)) != null) {
            due.add(next);
        }
        List<Long> expected = model.values().stream().filter(d -> d <= 500).sorted().toList();
        assertThat(due).hasSize(expected.size());
        assertThat(due.stream().map(model::get).toList()).isEqualTo(expected);
        assertThat(timers.size()).isEqualTo(model.size() - expected.size());
    }

    @Test
    void pollDue_takesOnlyWhatIsDue_inDeadlineOrder() {
        TcpTimers timers = new TcpTimers();
        TcpSocket a = socket(1);
        TcpSocket b = socket(2);
        TcpSocket c = socket(3);
        timers.update(a, 30);
        timers.update(b, 10);
        timers.update(c, 20);
        timers.update(a, 5);

        assertThat(timers.pollDue(20)).isSameAs(a);
        assertThat(timers.pollDue(20)).isSameAs(b);
        assertThat(timers.pollDue(20)).isSameAs(c);
        assertThat(timers.pollDue(20)).isNull();
        assertThat(timers.earliest()).isEqualTo(Long.MAX_VALUE);
    }

    private static TcpSocket socket(int port) {
        Ipv4Address address = Ipv4Address.parse("10.0.0.1");
        return new TcpSocket(null, new FourTuple(new Endpoint(address, port), new Endpoint(address, 80)), null);
    }
}
