package dev.wirestack.scenario;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimLink;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Header;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ping from the client to the server of the built-in network: client - sw1 - r1 - r2 ~lossy~ r3 - sw2 - server.
 * Without loss every echo is answered, three routers take three off the TTL, and a round trip costs exactly what the
 * six links charge. With loss, the echoes that go unanswered are exactly those the lossy link threw away.
 */
class PingAcrossRoutersTest {
    private static final long SECOND = 1_000_000_000L;
    /** 56 data bytes, as ping sends: 8 ICMP + 20 IP + 14 Ethernet = 98 bytes on the wire. */
    private static final int PING_DATA = 56;
    private static final int PING_FRAME = PING_DATA + IcmpHeader.HEADER_LENGTH + Ipv4Header.MIN_HEADER_LENGTH
            + EthernetHeader.HEADER_LENGTH;

    private final List<TraceEvent> events = new ArrayList<>();
    private final List<PingEvent> heard = new ArrayList<>();

    /** Sends {@code count} echo requests from the client, one a second from t = 1 s, and waits 10 s for the last. */
    private ReferenceNetwork pingServer(long seed, double loss, int count) {
        ReferenceNetwork reference = new ReferenceNetwork(seed, loss, events::add);
        PingSocket ping = reference.client().openPing(heard::add);
        for (int sequence = 1; sequence <= count; sequence++) {
            int seq = sequence;
            reference.network().schedule(seq * SECOND, () -> ping.send(ReferenceNetwork.SERVER, seq, PING_DATA));
        }
        reference.network().runUntil((count + 10) * SECOND);
        return reference;
    }

    @Test
    void everyEchoIsAnswered_withTtl61_andAfterArpTheRoundTripIsTheSumOfDelaysAndSerialisation() {
        ReferenceNetwork reference = pingServer(1, 0, 5);

        // Each of the six links, crossed once each way: propagation plus putting the 98-byte frame on the wire.
        // Switches and routers store and forward, and take no time to think.
        long expectedRtt = reference.network().links().stream()
                .mapToLong(link -> transit(link.aToB().spec()) + transit(link.bToA().spec())).sum();
        assertThat(expectedRtt).isEqualTo(2 * (4 * (50_000 + 7_840) + (2_000_000 + 7_840) + (10_000_000 + 78_400)));

        assertThat(heard).hasSize(5).allSatisfy(event -> assertThat(event).isInstanceOfSatisfying(PingEvent.Reply.class,
                reply -> {
                    assertThat(reply.from()).isEqualTo(ReferenceNetwork.SERVER);
                    assertThat(reply.ttl()).as("64 less one per router").isEqualTo(61);
                    assertThat(reply.data()).hasSize(PING_DATA);
                }));
        assertThat(heard).extracting(PingEvent::sequence).containsExactly(1, 2, 3, 4, 5);
        // The first echo waits for ARP at the client and at each router; the later ones find every cache warm.
        assertThat(rtt(heard.getFirst())).isGreaterThan(expectedRtt);
        assertThat(heard.subList(1, 5)).allSatisfy(reply -> assertThat(rtt(reply)).isEqualTo(expectedRtt));
    }

    @Test
    void withLoss_theUnansweredEchoesAreExactlyThoseTheLossyLinkDropped() {
        int count = 100;
        ReferenceNetwork reference = pingServer(7, 0.2, count);

        Set<Integer> answered = heard.stream().filter(PingEvent.Reply.class::isInstance).map(PingEvent::sequence)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> unanswered = new TreeSet<>();
        for (int sequence = 1; sequence <= count; sequence++) {
            if (!answered.contains(sequence)) {
                unanswered.add(sequence);
            }
        }
        assertThat(answered.size() + unanswered.size()).isEqualTo(count);
        assertThat(unanswered).as("some echoes are lost at 20% loss").isNotEmpty();

        // r2 port 1 -> r3 port 0 carries the requests, the reverse direction the replies.
        Set<Integer> requestsLost = lostOnTheWire("r2", 1, "r3", 0, IcmpHeader.ECHO_REQUEST);
        Set<Integer> repliesLost = lostOnTheWire("r3", 0, "r2", 1, IcmpHeader.ECHO_REPLY);
        // An echo can also die waiting at r2 when all three of its ARP requests for r3 were lost: r2 gives up and
        // tells the client "host unreachable".
        Set<Integer> arpGaveUp = heard.stream().filter(PingEvent.Error.class::isInstance).map(PingEvent::sequence)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(heard).filteredOn(PingEvent.Error.class::isInstance).allSatisfy(event -> {
            PingEvent.Error error = (PingEvent.Error) event;
            assertThat(error.reporter()).hasToString("10.9.1.2");
            assertThat(error.code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE);
        });
        assertThat(reference.routers()[1].stats().drops(DropReason.ARP_UNRESOLVED)).isEqualTo(arpGaveUp.size());

        Set<Integer> lost = new TreeSet<>(requestsLost);
        lost.addAll(repliesLost);
        lost.addAll(arpGaveUp);
        assertThat(lost).isEqualTo(unanswered);

        // Every frame that left one end and did not reach the other is a loss the link counted (ARP ones included).
        SimLink lossy = reference.lossyLink();
        assertThat(lossy.aToB().counters().dropped(DropReason.LINK_LOSS))
                .isEqualTo(framesSent("r2", 1) - framesReceived("r3", 0))
                .isGreaterThanOrEqualTo(requestsLost.size());
        assertThat(lossy.bToA().counters().dropped(DropReason.LINK_LOSS))
                .isEqualTo(framesSent("r3", 0) - framesReceived("r2", 1))
                .isGreaterThanOrEqualTo(repliesLost.size());
        assertThat(events).filteredOn(event -> event instanceof TraceEvent.Dropped dropped
                        && dropped.reason() == DropReason.LINK_LOSS)
                .hasSize((int) (lossy.aToB().counters().framesDropped() + lossy.bToA().counters().framesDropped()));
    }

    @Test
    void theSameSeedLosesTheSameEchoes_anotherSeedOthers() {
        assertThat(unansweredWithSeed(7)).isEqualTo(unansweredWithSeed(7)).isNotEqualTo(unansweredWithSeed(8));
    }

    private Set<Integer> unansweredWithSeed(long seed) {
        heard.clear();
        events.clear();
        pingServer(seed, 0.2, 50);
        Set<Integer> unanswered = new TreeSet<>();
        for (int sequence = 1; sequence <= 50; sequence++) {
            int seq = sequence;
            if (heard.stream().noneMatch(event -> event instanceof PingEvent.Reply && event.sequence() == seq)) {
                unanswered.add(seq);
            }
        }
        return unanswered;
    }

    private static long transit(LinkSpec spec) {
        return spec.serialisationNanos(PING_FRAME) + spec.delayNanos();
    }

    private static long rtt(PingEvent reply) {
        return reply.timeNanos() - reply.sequence() * SECOND;
    }

    /** Sequence numbers of echoes of {@code type} that left {@code from} but never reached {@code to}. */
    private Set<Integer> lostOnTheWire(String from, int fromPort, String to, int toPort, int type) {
        Set<Integer> sent = echoSequences(sent(from, fromPort), type);
        sent.removeAll(echoSequences(received(to, toPort), type));
        return sent;
    }

    private static Set<Integer> echoSequences(List<byte[]> frames, int type) {
        return frames.stream().filter(frame -> Decoded.isEcho(frame, type))
                .map(frame -> Decoded.icmp(frame).header().sequence())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private List<byte[]> sent(String node, int port) {
        return events.stream().filter(e -> e instanceof TraceEvent.FrameSent s && s.node().equals(node)
                && s.port() == port).map(e -> ((TraceEvent.FrameSent) e).frame()).toList();
    }

    private List<byte[]> received(String node, int port) {
        return events.stream().filter(e -> e instanceof TraceEvent.FrameReceived r && r.node().equals(node)
                && r.port() == port).map(e -> ((TraceEvent.FrameReceived) e).frame()).toList();
    }

    private long framesSent(String node, int port) {
        return sent(node, port).size();
    }

    private long framesReceived(String node, int port) {
        return received(node, port).size();
    }
}
