package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Counter;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostConfig;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.udp.UdpMessage;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 datagrams of 8000 bytes (six fragments each) cross a link that loses one frame in five. A datagram is whole
 * only if all six fragments got through; the others wait in reassembly until the timeout throws them away. What
 * reassembly may hold is capped, and all of it is given back once the timeouts have run.
 */
class FragmentLossTest {
    private static final long MILLI = 1_000_000L;
    private static final int DATAGRAMS = 200;
    private static final int DATA = 8000;
    private static final int FRAGMENTS = 6;
    private static final int PORT = 9000;
    private static final long INTERVAL = 50 * MILLI;
    private static final Duration REASSEMBLY_TIMEOUT = Duration.ofSeconds(1);
    private static final Ipv4Address SERVER = Ipv4Address.parse("10.0.0.2");

    /** One run: the client sends every datagram, the server keeps what it could put together. */
    private static final class Run {
        final List<TraceEvent> events = new ArrayList<>();
        final List<UdpMessage> delivered = new ArrayList<>();
        final Host client;
        final Host server;
        final SimNetwork network;
        int maxBytesHeld;

        Run(int reassemblyMemory) {
            network = new SimNetwork(3, event -> {
                events.add(event);
                watchReassemblyMemory();
            });
            client = network.add("client", Host.builder("client").iface(MacAddress.local(1), "10.0.0.1/24")
                    .tracer(network.tracer()).random(network.splitRandom()).frameEvents(false).build());
            server = network.add("server", Host.builder("server").iface(MacAddress.local(2), "10.0.0.2/24")
                    .config(HostConfig.DEFAULT.withReassembly(REASSEMBLY_TIMEOUT, reassemblyMemory))
                    .tracer(network.tracer()).random(network.splitRandom()).frameEvents(false).build());
            network.link(client, 0, server, 0, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)).loss(0.2));

            server.openUdp(PORT).onMessage(delivered::add);
            UdpSocket sender = client.openUdp(0);
            for (int index = 0; index < DATAGRAMS; index++) {
                int i = index;
                network.schedule(i * INTERVAL, () -> sender.send(SERVER, PORT, data(i)));
            }
        }

        /**
         * Reassembly memory changes only while the server takes a frame or runs its timers, and every frame it takes
         * is announced (FrameReceived) before it is processed: looking at every event sees every level it reaches.
         */
        private void watchReassemblyMemory() {
            if (server != null) {
                maxBytesHeld = Math.max(maxBytesHeld, server.stats().reassemblyBytesHeld());
            }
        }

        /** Runs until the last datagram has had its full reassembly time. */
        Run toTheEnd() {
            network.runUntil(DATAGRAMS * INTERVAL + REASSEMBLY_TIMEOUT.toNanos() + 100 * MILLI);
            watchReassemblyMemory();
            return this;
        }

        /** For each IP identification, the time the server got its first fragment and how many fragments it got. */
        Map<Integer, long[]> fragmentsReceivedByIdentification() {
            Map<Integer, long[]> byIdentification = new TreeMap<>();
            for (TraceEvent event : events) {
                if (event instanceof TraceEvent.FrameReceived received && received.node().equals("server")
                        && Decoded.isIpv4(received.frame())) {
                    Ipv4Header header = Decoded.ipv4(received.frame()).header();
                    if (header.protocol() == Ipv4Header.PROTOCOL_UDP && header.isFragment()) {
                        long[] firstAndCount = byIdentification.computeIfAbsent(header.identification(),
                                id -> new long[] {received.timeNanos(), 0});
                        firstAndCount[1]++;
                    }
                }
            }
            return byIdentification;
        }
    }

    @Test
    void incompleteDatagramsExpireAtTheTimeout_completeOnesArriveByteExact_andReassemblyMemoryReturnsToZero() {
        Run run = new Run(256 * 1024).toTheEnd();

        Map<Integer, long[]> received = run.fragmentsReceivedByIdentification();
        List<Integer> complete = received.entrySet().stream().filter(e -> e.getValue()[1] == FRAGMENTS)
                .map(Map.Entry::getKey).toList();
        Map<Integer, Long> incompleteSince = new TreeMap<>();
        received.forEach((id, firstAndCount) -> {
            if (firstAndCount[1] < FRAGMENTS) {
                incompleteSince.put(id, firstAndCount[0]);
            }
        });
        // At 20% loss about a quarter of the datagrams get all six fragments through (0.8^6).
        assertThat(complete).hasSizeBetween(30, 80);
        assertThat(incompleteSince).hasSizeGreaterThan(100);

        assertThat(run.delivered).hasSize(complete.size());
        assertThat(run.delivered).allSatisfy(message -> assertThat(message.data()).isEqualTo(data(indexOf(message))));
        assertThat(run.delivered.stream().map(FragmentLossTest::indexOf).distinct()).hasSize(complete.size());
        assertThat(run.server.stats().get(Counter.IP_REASSEMBLED)).isEqualTo(complete.size());

        // Each incomplete datagram is dropped exactly the reassembly timeout after its first fragment arrived.
        assertThat(run.server.stats().drops(DropReason.REASSEMBLY_TIMEOUT)).isEqualTo(incompleteSince.size());
        Map<Integer, Long> expiredAt = new TreeMap<>();
        run.events.stream().filter(TraceEvent.ReassemblyExpired.class::isInstance)
                .map(TraceEvent.ReassemblyExpired.class::cast)
                .forEach(expired -> expiredAt.put(expired.identification(), expired.timeNanos()));
        Map<Integer, Long> expected = new TreeMap<>();
        incompleteSince.forEach((id, first) -> expected.put(id, first + REASSEMBLY_TIMEOUT.toNanos()));
        assertThat(expiredAt).isEqualTo(expected);

        assertThat(run.server.stats().drops(DropReason.REASSEMBLY_MEMORY_FULL)).as("the cap never bound").isZero();
        assertThat(run.maxBytesHeld).isPositive().isLessThanOrEqualTo(256 * 1024);
        assertThat(run.server.stats().reassemblyBytesHeld()).isZero();
    }

    @Test
    void reassemblyNeverHoldsMoreThanItsCap_fragmentsBeyondItAreDropped_andTheMemoryIsGivenBack() {
        int cap = 64 * 1024;
        Run run = new Run(cap).toTheEnd();

        assertThat(run.maxBytesHeld).isLessThanOrEqualTo(cap).isGreaterThan(cap - 1480);
        assertThat(run.server.stats().drops(DropReason.REASSEMBLY_MEMORY_FULL)).isPositive();
        assertThat(run.events).filteredOn(event -> event instanceof TraceEvent.Dropped dropped
                && dropped.reason() == DropReason.REASSEMBLY_MEMORY_FULL)
                .hasSize((int) run.server.stats().drops(DropReason.REASSEMBLY_MEMORY_FULL));
        assertThat(run.delivered).isNotEmpty()
                .allSatisfy(message -> assertThat(message.data()).isEqualTo(data(indexOf(message))));
        assertThat(new HashSet<>(run.delivered.stream().map(FragmentLossTest::indexOf).toList()))
                .hasSize(run.delivered.size());
        assertThat(run.server.stats().reassemblyBytesHeld()).isZero();
    }

    /** Datagram {@code index}: its index in the first four bytes, then bytes drawn from a generator seeded by it. */
    private static byte[] data(int index) {
        byte[] data = new byte[DATA];
        new SplittableRandom(index).nextBytes(data);
        Bytes.putI32(MemorySegment.ofArray(data), 0, index);
        return data;
    }

    private static int indexOf(UdpMessage message) {
        return Bytes.i32(MemorySegment.ofArray(message.data()), 0);
    }
}
