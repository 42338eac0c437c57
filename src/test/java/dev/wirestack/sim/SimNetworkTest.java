package dev.wirestack.sim;

import static dev.wirestack.sim.TestNode.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimNetworkTest {
    private static final MacAddress A = MacAddress.local(1);
    private static final MacAddress B = MacAddress.local(2);

    private final List<TraceEvent> events = new ArrayList<>();
    private final SimNetwork net = new SimNetwork(9, events::add);
    private final TestNode a = net.add("a", new TestNode());
    private final TestNode b = net.add("b", new TestNode());

    @Test
    void aNodesTimerFiresExactlyAtItsDeadline() {
        net.link(a, 0, b, 0, LinkSpec.ideal());
        a.sendAt(5_000_000, 0, frame(B, A, 64, 1)).sendAt(7_000_000, 0, frame(B, A, 64, 2));

        net.run();

        assertThat(a.timeouts()).containsExactly(5_000_000L, 7_000_000L);
        assertThat(b.received()).extracting(TestNode.Received::timeNanos).containsExactly(5_000_000L, 7_000_000L);
    }

    @Test
    void anEarlierDeadlineMovesTheWakeUpAndALaterOneDoesNotLeaveAStaleOne() {
        net.link(a, 0, b, 0, LinkSpec.ideal());
        a.sendAt(9_000, 0, frame(B, A, 64, 1));
        net.runUntil(1_000);
        a.sendAt(3_000, 0, frame(B, A, 64, 2));

        net.run();

        assertThat(a.timeouts()).containsExactly(3_000L, 9_000L);
        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(2, 1);
    }

    @Test
    void scriptedActionsRunAtTheirTimeAndTheNodeTransmitsRightAway() {
        net.link(a, 0, b, 0, LinkSpec.ideal().delay(Duration.ofNanos(50)));
        net.schedule(1_000, () -> a.send(0, frame(B, A, 64, 1)));

        net.run();

        assertThat(b.received()).extracting(TestNode.Received::timeNanos).containsExactly(1_050L);
    }

    @Test
    void framesQueuedBetweenRunsGoOutWhenTheNetworkRunsAgain() {
        net.link(a, 0, b, 0, LinkSpec.ideal());
        net.runUntil(500);
        a.send(0, frame(B, A, 64, 1));

        net.runFor(Duration.ofNanos(1));

        assertThat(b.received()).extracting(TestNode.Received::timeNanos).containsExactly(500L);
    }

    @Test
    void severalPortsOfOneNodeEachHaveTheirOwnLink() {
        var c = net.add("c", new TestNode());
        net.link(a, 0, b, 0, LinkSpec.ideal());
        net.link(a, 1, c, 0, LinkSpec.ideal().delay(Duration.ofNanos(7)));
        a.send(0, frame(B, A, 64, 1)).send(1, frame(B, A, 64, 2));

        net.run();

        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(1);
        assertThat(c.received()).extracting(TestNode.Received::sequence).containsExactly(2);
        c.send(0, frame(A, B, 64, 3));
        net.run();
        assertThat(a.received()).singleElement().satisfies(r -> assertThat(r.port()).isEqualTo(1));
    }

    @Test
    void aFrameSentFromAnUnconnectedPortIsTracedAndGoesNowhere() {
        net.link(a, 0, b, 0, LinkSpec.ideal());
        a.send(4, frame(B, A, 64, 1));

        net.run();

        assertThat(b.received()).isEmpty();
        assertThat(events).singleElement().isInstanceOf(TraceEvent.FrameSent.class);
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        net.link(a, 0, b, 0, LinkSpec.ideal());
        NetworkNode stranger = new TestNode();

        assertThatThrownBy(() -> net.add("a", new TestNode())).hasMessageContaining("already a node named a");
        assertThatThrownBy(() -> net.add("again", a)).hasMessageContaining("already added as a");
        assertThatThrownBy(() -> net.link(a, 1, stranger, 0, LinkSpec.ideal())).hasMessageContaining("add the node");
        assertThatThrownBy(() -> net.link(a, 0, b, 1, LinkSpec.ideal())).hasMessageContaining("port 0 of a");
        assertThatThrownBy(() -> net.link(a, -1, b, 1, LinkSpec.ideal())).hasMessageContaining("start at 0");
        assertThatThrownBy(() -> LinkSpec.ideal().loss(1.5)).hasMessageContaining("loss");
        assertThatThrownBy(() -> LinkSpec.ideal().bandwidth(-1)).hasMessageContaining("bandwidth");
    }

    @Test
    void splitRandomGeneratorsDependOnlyOnTheSeedAndTheOrderOfCreation() {
        var first = new SimNetwork(5);
        var second = new SimNetwork(5);

        assertThat(first.splitRandom().nextLong()).isEqualTo(second.splitRandom().nextLong());
        assertThat(first.splitRandom().nextLong()).isNotEqualTo(new SimNetwork(6).splitRandom().nextLong());
    }
}
