package dev.wirestack.sim;

import static dev.wirestack.sim.TestNode.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinkTest {
    private static final MacAddress A = MacAddress.local(1);
    private static final MacAddress B = MacAddress.local(2);
    private static final long MS = 1_000_000;

    private final List<TraceEvent> events = new ArrayList<>();
    private final SimNetwork net = new SimNetwork(7, events::add);
    private final TestNode a = net.add("a", new TestNode());
    private final TestNode b = net.add("b", new TestNode());

    @Test
    void arrivalIsSerialisationPlusPropagationDelay() {
        // 1500 bytes = 12,000 bits at 10 Mbit/s take 1.2 ms to send; then 5 ms on the wire.
        var link = net.link(a, 0, b, 0, LinkSpec.ethernet10M().delay(Duration.ofMillis(5)));
        a.sendAt(0, 0, frame(B, A, 1500, 1)).sendAt(0, 0, frame(B, A, 1500, 2));

        net.run();

        // The second frame waits for the first to leave the wire: it arrives 1.2 ms later.
        assertThat(b.received()).extracting(TestNode.Received::timeNanos).containsExactly(6_200_000L, 7_400_000L);
        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(1, 2);
        assertThat(link.aToB().counters().framesDelivered()).isEqualTo(2);
        assertThat(link.aToB().counters().bytesDelivered()).isEqualTo(3000);
    }

    @Test
    void anUnlimitedLinkDeliversAfterThePropagationDelayAlone() {
        net.link(a, 0, b, 0, LinkSpec.ideal().delay(Duration.ofNanos(250)));
        for (int i = 0; i < 3; i++) {
            a.sendAt(1000, 0, frame(B, A, 1500, i));
        }

        net.run();

        assertThat(b.received()).extracting(TestNode.Received::timeNanos).containsExactly(1250L, 1250L, 1250L);
    }

    @Test
    void theTwoDirectionsDoNotShareBandwidthOrQueue() {
        var link = net.link(a, 0, b, 0, LinkSpec.ethernet10M().delay(Duration.ofMillis(5)).queuePackets(0));
        a.sendAt(0, 0, frame(B, A, 1500, 1));
        b.sendAt(0, 0, frame(A, B, 1500, 2));

        net.run();

        assertThat(a.received()).extracting(TestNode.Received::timeNanos).containsExactly(6_200_000L);
        assertThat(b.received()).extracting(TestNode.Received::timeNanos).containsExactly(6_200_000L);
        assertThat(link.aToB().counters().framesDropped()).isZero();
        assertThat(link.bToA().counters().framesDropped()).isZero();
    }

    @Test
    void dropTailByPackets() {
        // One frame on the wire, two waiting, the rest dropped at the tail.
        var link = net.link(a, 0, b, 0, LinkSpec.ethernet10M().queuePackets(2));
        for (int i = 0; i < 5; i++) {
            a.sendAt(0, 0, frame(B, A, 1500, i));
        }
        // By 1.2 ms the first frame has left, so one more fits behind the two waiting.
        a.sendAt(1_200_000, 0, frame(B, A, 1500, 5));

        net.run();

        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(0, 1, 2, 5);
        assertThat(link.aToB().counters().dropped(DropReason.QUEUE_FULL)).isEqualTo(2);
        assertThat(link.aToB().counters().framesSent()).isEqualTo(6);
        assertThat(events).filteredOn(TraceEvent.Dropped.class::isInstance).map(TraceEvent.Dropped.class::cast)
                .extracting(TraceEvent.Dropped::node, TraceEvent.Dropped::reason)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("a", DropReason.QUEUE_FULL)).hasSize(2);
    }

    @Test
    void aQueueOfZeroHoldsNothingButTheFrameOnTheWire() {
        var link = net.link(a, 0, b, 0, LinkSpec.ethernet10M().queuePackets(0));
        a.sendAt(0, 0, frame(B, A, 1500, 0)).sendAt(0, 0, frame(B, A, 1500, 1));
        a.sendAt(1_200_000, 0, frame(B, A, 1500, 2));

        net.run();

        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(0, 2);
        assertThat(link.aToB().counters().dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
    }

    @Test
    void dropTailByBytes() {
        // 2500 bytes may wait: two 1000-byte frames fill 2000, a third does not fit, a 500-byte one does.
        var link = net.link(a, 0, b, 0, LinkSpec.ethernet10M().queueBytes(2500));
        a.sendAt(0, 0, frame(B, A, 1000, 0));
        a.sendAt(0, 0, frame(B, A, 1000, 1));
        a.sendAt(0, 0, frame(B, A, 1000, 2));
        a.sendAt(0, 0, frame(B, A, 1000, 3));
        a.sendAt(0, 0, frame(B, A, 500, 4));

        net.run();

        assertThat(b.received()).extracting(TestNode.Received::sequence).containsExactly(0, 1, 2, 4);
        assertThat(link.aToB().counters().dropped(DropReason.QUEUE_FULL)).isEqualTo(1);
    }

    @Test
    void theQueueLengthIsVisibleAtTheCurrentTime() {
        var link = net.link(a, 0, b, 0, LinkSpec.ethernet10M());
        for (int i = 0; i < 4; i++) {
            a.sendAt(0, 0, frame(B, A, 1500, i));
        }

        net.runUntil(0);
        assertThat(link.aToB().queuedFrames()).isEqualTo(3);
        net.runUntil(2_400_000);
        assertThat(link.aToB().queuedFrames()).isEqualTo(1);
    }

    @Test
    void lossRateMatchesTheSpecWithinStatisticalBounds() {
        int n = 20_000;
        var link = net.link(a, 0, b, 0, LinkSpec.ideal().queuePackets(n).loss(0.1));
        sendMany(n);

        net.run();

        // Binomial(20000, 0.1): sigma is about 42; allow five sigma.
        var counters = link.aToB().counters();
        assertThat(counters.dropped(DropReason.LINK_LOSS)).isCloseTo(2000, within(212L));
        assertThat(b.received()).hasSize((int) (n - counters.dropped(DropReason.LINK_LOSS)));
        assertThat(counters.framesDelivered()).isEqualTo(b.received().size());
    }

    @Test
    void duplicationDeliversExtraCopies() {
        int n = 20_000;
        var link = net.link(a, 0, b, 0, LinkSpec.ideal().queuePackets(n).duplicate(0.05));
        sendMany(n);

        net.run();

        long duplicated = link.aToB().counters().duplicated();
        assertThat(duplicated).isCloseTo(1000, within(155L));
        assertThat(b.received()).hasSize(n + (int) duplicated);
        // A duplicate is the same frame, arriving right after the original.
        long adjacentTwins = 0;
        for (int i = 1; i < b.received().size(); i++) {
            if (b.received().get(i).sequence() == b.received().get(i - 1).sequence()) {
                adjacentTwins++;
            }
        }
        assertThat(adjacentTwins).isEqualTo(duplicated);
    }

    @Test
    void reorderingHoldsFramesBackSoLaterOnesOvertake() {
        int n = 10_000;
        var link = net.link(a, 0, b, 0,
                LinkSpec.ethernet100M().queuePackets(n).reorder(0.1, Duration.ofMillis(1)));
        sendMany(n);

        net.run();

        long reordered = link.aToB().counters().reordered();
        assertThat(reordered).isCloseTo(1000, within(150L));
        assertThat(b.received()).hasSize(n);
        // Each held-back frame arrives after some frame sent later than it.
        long overtaken = 0;
        int highest = -1;
        for (TestNode.Received received : b.received()) {
            if (received.sequence() < highest) {
                overtaken++;
            }
            highest = Math.max(highest, received.sequence());
        }
        assertThat(overtaken).isEqualTo(reordered);
    }

    @Test
    void corruptedFramesAreCaughtByTheFcsDroppedAndCounted() {
        int n = 20_000;
        var link = net.link(a, 0, b, 0, LinkSpec.ideal().queuePackets(n).corrupt(0.02));
        List<byte[]> sent = sendMany(n);

        net.run();

        var counters = link.aToB().counters();
        assertThat(counters.corrupted()).isCloseTo(400, within(100L));
        assertThat(counters.dropped(DropReason.BAD_FCS)).isEqualTo(counters.corrupted());
        assertThat(b.received()).hasSize(n - (int) counters.corrupted());
        // Whatever got through is exactly what was sent.
        for (TestNode.Received received : b.received()) {
            assertThat(received.frame()).isEqualTo(sent.get(received.sequence()));
        }
        assertThat(events).filteredOn(TraceEvent.Dropped.class::isInstance).map(TraceEvent.Dropped.class::cast)
                .allSatisfy(drop -> {
                    assertThat(drop.reason()).isEqualTo(DropReason.BAD_FCS);
                    assertThat(drop.node()).isEqualTo("b");
                }).hasSize((int) counters.corrupted());
    }

    @Test
    void everySingleBitFlipIsDetectedIncludingFlipsInTheFcs() {
        // CRC-32 detects every single-bit error; with small frames many flips land in the FCS itself.
        var link = net.link(a, 0, b, 0, LinkSpec.ideal().queuePackets(5000).corrupt(1.0));
        for (int i = 0; i < 5000; i++) {
            a.sendAt(0, 0, frame(B, A, 18, i));
        }

        net.run();

        assertThat(b.received()).isEmpty();
        assertThat(link.aToB().counters().dropped(DropReason.BAD_FCS)).isEqualTo(5000);
    }

    @Test
    void framesSentAndReceivedAreTracedPerNodeAndPort() {
        net.link(a, 0, b, 3, LinkSpec.ideal().delay(Duration.ofNanos(10)));
        a.sendAt(5, 0, frame(B, A, 64, 1));

        net.run();

        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isInstanceOfSatisfying(TraceEvent.FrameSent.class, sent -> {
            assertThat(sent.node()).isEqualTo("a");
            assertThat(sent.port()).isZero();
            assertThat(sent.timeNanos()).isEqualTo(5);
            assertThat(sent.frame()).hasSize(64);
        });
        assertThat(events.get(1)).isInstanceOfSatisfying(TraceEvent.FrameReceived.class, received -> {
            assertThat(received.node()).isEqualTo("b");
            assertThat(received.port()).isEqualTo(3);
            assertThat(received.timeNanos()).isEqualTo(15);
        });
        assertThat(b.received().getFirst().port()).isEqualTo(3);
    }

    /** Sends frames 0 to n-1 from a to b, 1 microsecond apart; returns them by sequence number. */
    private List<byte[]> sendMany(int n) {
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] frame = frame(B, A, 64 + i % 100, i);
            sent.add(frame.clone());
            a.sendAt(i * 1000L, 0, frame);
        }
        return sent;
    }
}
