package dev.wirestack.sim;

import static dev.wirestack.sim.TestNode.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same scenario and seed give byte-identical captures; another seed gives another run. */
class DeterminismTest {
    private static final MacAddress A = MacAddress.local(1);
    private static final MacAddress B = MacAddress.local(2);
    private static final MacAddress C = MacAddress.local(3);

    /** What a pcap on each host's interface would hold. */
    private record Captures(List<FrameCapture.Frame> atA, List<FrameCapture.Frame> atB, List<FrameCapture.Frame> atC) {
    }

    /** Three hosts talk through a switch over links with every impairment switched on. */
    private static Captures scenario(long seed) {
        var atA = new ArrayList<FrameCapture.Frame>();
        var atB = new ArrayList<FrameCapture.Frame>();
        var atC = new ArrayList<FrameCapture.Frame>();
        Tracer tracer = FrameCapture.into("a", 0, atA).andThen(FrameCapture.into("b", 0, atB))
                .andThen(FrameCapture.into("c", 0, atC));
        var net = new SimNetwork(seed, tracer);
        var a = net.add("a", new TestNode());
        var b = net.add("b", new TestNode());
        var c = net.add("c", new TestNode());
        var sw = net.addSwitch("sw", 3);
        var rough = LinkSpec.ethernet10M().delay(Duration.ofMillis(2)).queuePackets(20).loss(0.05).duplicate(0.03)
                .reorder(0.05, Duration.ofMillis(3)).corrupt(0.02);
        net.link(a, 0, sw, 0, rough);
        net.link(b, 0, sw, 1, rough);
        net.link(c, 0, sw, 2, LinkSpec.ethernet100M().loss(0.1));
        for (int i = 0; i < 400; i++) {
            a.sendAt(i * 200_000L, 0, frame(i % 7 == 0 ? MacAddress.BROADCAST : B, A, 60 + (i * 37) % 1400, i));
            b.sendAt(i * 300_000L + 1, 0, frame(A, B, 60 + (i * 53) % 1400, 10_000 + i));
            c.sendAt(i * 500_000L, 0, frame(i % 2 == 0 ? A : B, C, 60 + i % 50, 20_000 + i));
        }
        net.runFor(Duration.ofSeconds(1));
        return new Captures(atA, atB, atC);
    }

    @Test
    void theSameSeedGivesTheSameFramesAtTheSameTimes() {
        Captures first = scenario(42);
        Captures second = scenario(42);

        assertThat(first.atA()).hasSizeGreaterThan(400);
        assertThat(second.atA()).isEqualTo(first.atA());
        assertThat(second.atB()).isEqualTo(first.atB());
        assertThat(second.atC()).isEqualTo(first.atC());
    }

    @Test
    void anotherSeedGivesAnotherRun() {
        Captures first = scenario(42);
        Captures other = scenario(43);

        assertThat(other.atB()).isNotEqualTo(first.atB());
        // What a host sends does not depend on the seed; what it receives does.
        assertThat(other.atA().subList(0, 1)).isEqualTo(first.atA().subList(0, 1));
    }

    @Test
    void aCaptureHoldsBothDirectionsOfItsPortAsPrivateCopies() {
        var captured = new ArrayList<FrameCapture.Frame>();
        var net = new SimNetwork(1, FrameCapture.into("a", 0, captured));
        var a = net.add("a", new TestNode());
        var b = net.add("b", new TestNode());
        net.link(a, 0, b, 0, LinkSpec.ideal().delay(Duration.ofNanos(100)));
        byte[] out = frame(B, A, 64, 1);
        byte[] in = frame(A, B, 64, 2);
        a.sendAt(10, 0, out.clone());
        b.sendAt(20, 0, in.clone());

        net.run();
        // Whatever a node does to its frames later, the capture keeps what crossed the port.
        b.received().getFirst().frame()[20] ^= 1;

        assertThat(captured).containsExactly(new FrameCapture.Frame(10, out), new FrameCapture.Frame(120, in));
    }
}
