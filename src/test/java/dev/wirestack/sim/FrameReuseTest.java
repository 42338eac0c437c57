package dev.wirestack.sim;

import static dev.wirestack.sim.TestNode.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.MacAddress;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The simulator gives a frame's array back to its sender ({@link NetworkNode#reuseFrame}) only once nothing refers to
 * it any more. The sender here overwrites every array it gets back at once (a use-after-release made visible), so a
 * frame still travelling, held by a receiver or by a trace event when it was given back would show the poison.
 */
class FrameReuseTest {
    private static final MacAddress A = MacAddress.local(1);
    private static final MacAddress B = MacAddress.local(2);
    private static final byte POISON = 0x5a;
    private static final int FRAMES = 600;
    /** Every impairment on, and a short queue: frames are lost, dropped, duplicated, corrupted and held back. */
    private static final LinkSpec ROUGH = LinkSpec.ethernet10M().delay(Duration.ofMillis(2)).queuePackets(20)
            .loss(0.05).duplicate(0.05).reorder(0.05, Duration.ofMillis(3)).corrupt(0.05);

    /** Sends planned frames and poisons every array given back; counts arrays given back twice. */
    private static final class PoisoningSender implements NetworkNode {
        private final TestNode plan = new TestNode();
        private final Set<byte[]> sent = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<byte[]> given = Collections.newSetFromMap(new IdentityHashMap<>());
        private int givenTwice;

        @Override
        public void receiveFrame(long nowNanos, int port, byte[] frame) {
        }

        @Override
        public Transmission pollTransmit(long nowNanos) {
            Transmission next = plan.pollTransmit(nowNanos);
            if (next != null) {
                sent.add(next.frame());
            }
            return next;
        }

        @Override
        public long nextDeadline() {
            return plan.nextDeadline();
        }

        @Override
        public void onTimeout(long nowNanos) {
            plan.onTimeout(nowNanos);
        }

        @Override
        public void reuseFrame(byte[] frame) {
            if (!given.add(frame)) {
                givenTwice++;
            }
            Arrays.fill(frame, POISON);
        }
    }

    /** Records each frame it gets: a copy, and (when it says it keeps frames) the array itself. */
    private static final class Recorder implements NetworkNode {
        private final boolean keeps;
        private final List<byte[]> copies = new ArrayList<>();
        private final List<byte[]> kept = new ArrayList<>();

        Recorder(boolean keeps) {
            this.keeps = keeps;
        }

        @Override
        public boolean keepsReceivedFrames() {
            return keeps;
        }

        @Override
        public void receiveFrame(long nowNanos, int port, byte[] frame) {
            copies.add(frame.clone());
            if (keeps) {
                kept.add(frame);
            }
        }

        @Override
        public Transmission pollTransmit(long nowNanos) {
            return null;
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }
    }

    private record Run(PoisoningSender sender, Recorder receiver) {
    }

    private static Run run(Tracer tracer, boolean receiverKeeps) {
        var net = new SimNetwork(7, tracer);
        var sender = net.add("a", new PoisoningSender());
        var receiver = net.add("b", new Recorder(receiverKeeps));
        net.link(sender, 0, receiver, 0, ROUGH);
        for (int i = 0; i < FRAMES; i++) {
            sender.plan.sendAt(i * 500_000L, 0, planned(i));
        }
        net.runFor(Duration.ofSeconds(1));
        return new Run(sender, receiver);
    }

    /** The frame with sequence number {@code sequence}: 60 to 1459 bytes long. */
    private static byte[] planned(int sequence) {
        return frame(B, A, 60 + (sequence * 37) % 1400, sequence);
    }

    /** How many of {@code frames} are not exactly the planned frame with the sequence number they carry. */
    private static long damaged(List<byte[]> frames) {
        return frames.stream().filter(frame -> {
            int sequence = Bytes.i32(MemorySegment.ofArray(frame), 14);
            return sequence < 0 || sequence >= FRAMES || !Arrays.equals(frame, planned(sequence));
        }).count();
    }

    @Test
    void everyArrayComesBackOnceAndNoFrameIsReadAfterIt() {
        Run run = run(Tracer.NONE, false);

        assertThat(run.receiver().copies).hasSizeGreaterThan(FRAMES / 2);
        assertThat(damaged(run.receiver().copies)).isZero();
        // Each planned array came back: delivered, lost, dropped at the queue or replaced by a corrupted copy.
        assertThat(run.sender().given).containsAll(run.sender().sent);
        assertThat(run.sender().givenTwice).isZero();
    }

    @Test
    void aDuplicatedFrameArrivesIntactTwiceAfterItsOriginalCameBack() {
        var net = new SimNetwork(3);
        var sender = net.add("a", new PoisoningSender());
        var receiver = net.add("b", new Recorder(false));
        net.link(sender, 0, receiver, 0, LinkSpec.ideal().delay(Duration.ofMillis(1)).duplicate(1.0));
        sender.plan.sendAt(0, 0, planned(1));

        net.runFor(Duration.ofMillis(5));

        assertThat(receiver.copies).hasSize(2);
        assertThat(damaged(receiver.copies)).isZero();
        assertThat(sender.given).hasSize(2).containsAll(sender.sent);
    }

    @Test
    void framesHeldByTraceEventsAreNeverGivenBack() {
        var held = new ArrayList<byte[]>();
        Tracer keepsFrames = event -> {
            switch (event) {
                case TraceEvent.FrameSent sent -> held.add(sent.frame());
                case TraceEvent.FrameReceived received -> held.add(received.frame());
                default -> {
                }
            }
        };
        Run run = run(keepsFrames, false);

        assertThat(held).hasSizeGreaterThan(FRAMES);
        assertThat(damaged(held)).isZero();
        assertThat(run.sender().given).isEmpty();
    }

    @Test
    void framesDeliveredToANodeThatKeepsThemAreNotGivenBack() {
        Run run = run(Tracer.NONE, true);

        assertThat(run.receiver().kept).hasSizeGreaterThan(FRAMES / 2);
        assertThat(damaged(run.receiver().kept)).isZero();
        // Only arrays that never reached it come back: lost, dropped, or replaced by a corrupted copy.
        assertThat(run.receiver().kept.stream().filter(run.sender().given::contains).count()).isZero();
        assertThat(run.sender().given).isNotEmpty();
        assertThat(run.sender().givenTwice).isZero();
    }

    @Test
    void framesThroughASwitchAreNotGivenBack() {
        var net = new SimNetwork(5);
        var sender = net.add("a", new PoisoningSender());
        var receiver = net.add("b", new Recorder(false));
        var sw = net.addSwitch("sw", 2);
        net.link(sender, 0, sw, 0, LinkSpec.ideal().delay(Duration.ofMillis(1)));
        net.link(receiver, 0, sw, 1, LinkSpec.ideal().delay(Duration.ofMillis(1)));
        for (int i = 0; i < 50; i++) {
            sender.plan.sendAt(i * 10_000L, 0, planned(i));
        }

        net.runFor(Duration.ofMillis(10));

        assertThat(receiver.copies).hasSize(50);
        assertThat(damaged(receiver.copies)).isZero();
        assertThat(sender.given).isEmpty();
    }
}
