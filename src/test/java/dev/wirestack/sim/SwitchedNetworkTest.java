package dev.wirestack.sim;

import static dev.wirestack.sim.TestNode.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hosts on a learning switch inside the simulator. */
class SwitchedNetworkTest {
    private static final MacAddress A = MacAddress.local(1);
    private static final MacAddress B = MacAddress.local(2);
    private static final MacAddress C = MacAddress.local(3);

    private final SimNetwork net = new SimNetwork(3);
    private final TestNode a = net.add("a", new TestNode());
    private final TestNode b = net.add("b", new TestNode());
    private final TestNode c = net.add("c", new TestNode());
    private final EthernetSwitch sw = net.addSwitch("sw", 3);

    SwitchedNetworkTest() {
        var spec = LinkSpec.ethernet100M().delay(Duration.ofNanos(5_000));
        net.link(a, 0, sw, 0, spec);
        net.link(b, 0, sw, 1, spec);
        net.link(c, 0, sw, 2, spec);
    }

    @Test
    void theFirstFrameIsFloodedTheReplyGoesStraightBack() {
        a.sendAt(0, 0, frame(B, A, 100, 1));
        b.sendAt(1_000_000, 0, frame(A, B, 100, 2));
        a.sendAt(2_000_000, 0, frame(B, A, 100, 3));

        // Not run(): that would go on to the ageing sweep 300 s later and empty the table.
        net.runFor(Duration.ofMillis(10));

        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(1, 3);
        assertThat(c.received()).extracting(TestNode.Received::sequence).containsExactly(1);
        assertThat(a.received()).extracting(TestNode.Received::sequence).containsExactly(2);
        assertThat(sw.macTable()).containsExactly(entry(A, 0), entry(B, 1));
    }

    @Test
    void theSwitchForgetsSilentStationsAsVirtualTimePasses() {
        a.sendAt(0, 0, frame(MacAddress.BROADCAST, A, 100, 1));
        net.runFor(Duration.ofSeconds(299));
        assertThat(sw.macTable()).containsOnlyKeys(A);

        net.runFor(Duration.ofSeconds(2));

        assertThat(sw.macTable()).isEmpty();
        c.send(0, frame(A, C, 100, 2));
        net.run();
        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(1, 2);
    }
}
