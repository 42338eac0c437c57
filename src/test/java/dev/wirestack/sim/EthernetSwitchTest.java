package dev.wirestack.sim;

import static dev.wirestack.sim.TestNode.frame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.wirestack.link.NetworkNode.Transmission;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The switch driven directly, as a sans-I/O node: frames in, transmissions out. */
class EthernetSwitchTest {
    private static final MacAddress A = MacAddress.local(0xa);
    private static final MacAddress B = MacAddress.local(0xb);
    private static final MacAddress C = MacAddress.local(0xc);
    private static final MacAddress MULTICAST = MacAddress.parse("01:00:5e:00:00:fb");
    private static final long SECOND = 1_000_000_000L;

    private final List<TraceEvent> events = new ArrayList<>();
    private final EthernetSwitch sw = new EthernetSwitch("sw", 4, events::add);

    private List<Integer> outPorts(long now) {
        List<Integer> ports = new ArrayList<>();
        Transmission transmission;
        while ((transmission = sw.pollTransmit(now)) != null) {
            ports.add(transmission.port());
        }
        return ports;
    }

    @Test
    void unknownUnicastIsFloodedToEveryPortButTheIngress() {
        sw.receiveFrame(0, 1, frame(B, A, 64, 1));

        assertThat(outPorts(0)).containsExactly(0, 2, 3);
        assertThat(sw.framesFlooded()).isEqualTo(1);
    }

    @Test
    void broadcastAndMulticastAreFloodedEvenToKnownStations() {
        sw.receiveFrame(0, 2, frame(A, B, 64, 1));
        outPorts(0);

        sw.receiveFrame(1, 0, frame(MacAddress.BROADCAST, A, 64, 2));
        assertThat(outPorts(1)).containsExactly(1, 2, 3);
        sw.receiveFrame(2, 3, frame(MULTICAST, C, 64, 3));
        assertThat(outPorts(2)).containsExactly(0, 1, 2);
    }

    @Test
    void aLearnedStationGetsItsFramesOnItsPortOnly() {
        sw.receiveFrame(0, 1, frame(MacAddress.BROADCAST, A, 64, 1));
        outPorts(0);

        byte[] toA = frame(A, B, 64, 2);
        sw.receiveFrame(10, 3, toA);

        Transmission out = sw.pollTransmit(10);
        assertThat(out.port()).isEqualTo(1);
        assertThat(out.frame()).isSameAs(toA);
        assertThat(sw.pollTransmit(10)).isNull();
        assertThat(sw.macTable()).containsExactly(entry(A, 1), entry(B, 3));
        assertThat(sw.framesForwarded()).isEqualTo(1);
    }

    @Test
    void floodedCopiesAreSeparateArraysWithTheSameBytes() {
        byte[] original = frame(MacAddress.BROADCAST, A, 64, 1);
        sw.receiveFrame(0, 0, original.clone());

        List<byte[]> copies = new ArrayList<>();
        Transmission transmission;
        while ((transmission = sw.pollTransmit(0)) != null) {
            copies.add(transmission.frame());
        }

        assertThat(copies).hasSize(3).allSatisfy(copy -> assertThat(copy).isEqualTo(original));
        assertThat(copies.get(0)).isNotSameAs(copies.get(1)).isNotSameAs(copies.get(2));
        assertThat(copies.get(1)).isNotSameAs(copies.get(2));
    }

    @Test
    void aFrameForAStationOnTheIngressPortIsNotSentBackOut() {
        // A and B sit behind the same port (a hub, say): the switch filters their traffic.
        sw.receiveFrame(0, 2, frame(MacAddress.BROADCAST, A, 64, 1));
        outPorts(0);

        sw.receiveFrame(1, 2, frame(A, B, 64, 2));

        assertThat(outPorts(1)).isEmpty();
        assertThat(sw.framesFiltered()).isEqualTo(1);
    }

    @Test
    void aStationThatMovesIsRelearnedOnItsNewPort() {
        sw.receiveFrame(0, 0, frame(MacAddress.BROADCAST, A, 64, 1));
        sw.receiveFrame(1, 3, frame(MacAddress.BROADCAST, A, 64, 2));
        outPorts(1);

        sw.receiveFrame(2, 1, frame(A, B, 64, 3));

        assertThat(outPorts(2)).containsExactly(3);
        assertThat(events).filteredOn(TraceEvent.MacLearned.class::isInstance).map(TraceEvent.MacLearned.class::cast)
                .extracting(TraceEvent.MacLearned::port).containsExactly(0, 3, 1);
    }

    @Test
    void refreshingAnEntryIsNotReportedAgain() {
        sw.receiveFrame(0, 0, frame(MacAddress.BROADCAST, A, 64, 1));
        sw.receiveFrame(1, 0, frame(MacAddress.BROADCAST, A, 64, 2));

        assertThat(events).filteredOn(TraceEvent.MacLearned.class::isInstance).hasSize(1);
    }

    @Test
    void entriesAgeOutUnlessRefreshed() {
        sw.receiveFrame(0, 1, frame(MacAddress.BROADCAST, A, 64, 1));
        outPorts(0);
        assertThat(sw.nextDeadline()).isEqualTo(300 * SECOND);

        sw.receiveFrame(300 * SECOND - 1, 2, frame(A, B, 64, 2));
        assertThat(outPorts(300 * SECOND - 1)).containsExactly(1);
        sw.receiveFrame(300 * SECOND, 2, frame(A, B, 64, 3));
        assertThat(outPorts(300 * SECOND)).containsExactly(0, 1, 3);
    }

    @Test
    void theTimerSweepsAgedEntriesAndWakesForTheNextOldest() {
        sw.receiveFrame(0, 1, frame(MacAddress.BROADCAST, A, 64, 1));
        sw.receiveFrame(100 * SECOND, 2, frame(MacAddress.BROADCAST, B, 64, 2));

        sw.onTimeout(300 * SECOND);

        assertThat(sw.macTable()).containsExactly(entry(B, 2));
        assertThat(sw.nextDeadline()).isEqualTo(400 * SECOND);
        sw.onTimeout(400 * SECOND);
        assertThat(sw.macTable()).isEmpty();
        assertThat(sw.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFullTableStopsLearningAndFloodsForTheNewcomers() {
        var small = new EthernetSwitch("small", 3, Duration.ofSeconds(300), 2, events::add);
        small.receiveFrame(0, 0, frame(MacAddress.BROADCAST, A, 64, 1));
        small.receiveFrame(0, 1, frame(MacAddress.BROADCAST, B, 64, 2));
        small.receiveFrame(0, 2, frame(MacAddress.BROADCAST, C, 64, 3));
        while (small.pollTransmit(0) != null) {
            small.framesFlooded();
        }

        small.receiveFrame(1, 0, frame(C, A, 64, 4));

        assertThat(small.macTable()).containsOnlyKeys(A, B);
        assertThat(small.framesFlooded()).isEqualTo(4);
    }

    @Test
    void groupSourceAddressesAreNeverLearned() {
        sw.receiveFrame(0, 1, frame(MacAddress.BROADCAST, MULTICAST, 64, 1));

        assertThat(sw.macTable()).isEmpty();
        assertThat(sw.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void framesShorterThanAnEthernetHeaderAreDroppedAsTruncated() {
        sw.receiveFrame(5, 2, new byte[13]);

        assertThat(outPorts(5)).isEmpty();
        assertThat(sw.framesTruncated()).isEqualTo(1);
        assertThat(events).singleElement().isInstanceOfSatisfying(TraceEvent.Dropped.class, drop -> {
            assertThat(drop.reason()).isEqualTo(DropReason.TRUNCATED);
            assertThat(drop.node()).isEqualTo("sw");
            assertThat(drop.port()).isEqualTo(2);
        });
    }

    @Test
    void framesOnAPortTheSwitchDoesNotHaveAreIgnored() {
        sw.receiveFrame(0, 4, frame(MacAddress.BROADCAST, A, 64, 1));

        assertThat(outPorts(0)).isEmpty();
        assertThat(sw.macTable()).isEmpty();
    }
}
