package dev.wirestack.scenario;

import dev.wirestack.report.DemoScenario;
import dev.wirestack.report.Packet;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.TcpHeader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each built-in learning scenario runs to its end and shows the behaviour its explanation promises. */
class ScenarioBuiltinsTest {
    private static final Map<String, ScenarioRunner.Result> RUNS = new ConcurrentHashMap<>();

    private static ScenarioRunner.Result run(String name) {
        return RUNS.computeIfAbsent(name, n -> ScenarioRunner.run(BuiltinScenarios.named(n).orElseThrow(),
                Tracer.NONE, DemoScenario.Progress.NONE));
    }

    private static List<TraceEvent> events(String name) {
        return run(name).recorder().events();
    }

    private static List<String> states(String scenario, String node) {
        return events(scenario).stream().filter(e -> e instanceof TraceEvent.TcpStateChanged c
                && c.node().equals(node)).map(e -> ((TraceEvent.TcpStateChanged) e).to()).toList();
    }

    /** The TCP segments {@code node} sent, with their times. */
    private static Stream<Sent> tcpSent(String scenario, String node) {
        return events(scenario).stream().filter(e -> e instanceof TraceEvent.FrameSent s && s.node().equals(node))
                .map(e -> new Sent(e.timeNanos(), Packet.of(((TraceEvent.FrameSent) e).frame()).tcp()))
                .filter(s -> s.tcp() != null);
    }

    private record Sent(long timeNanos, Packet.Tcp tcp) {
    }

    private static Object value(String scenario, int traffic, String key) {
        return run(scenario).outcomes().get(traffic).values().get(key);
    }

    @Test
    void thereAreFifteen_withUniqueNames_andAnExplanationEach() {
        assertThat(BuiltinScenarios.all()).hasSize(15);
        assertThat(BuiltinScenarios.all().stream().map(Scenario::name).distinct()).hasSize(15);
        assertThat(BuiltinScenarios.all()).allSatisfy(s -> assertThat(s.explanation()).hasSizeGreaterThan(200));
    }

    @Test
    void everyBuiltin_finishesItsTraffic() {
        for (Scenario scenario : BuiltinScenarios.all()) {
            assertThat(run(scenario.name()).completed()).as(scenario.name()).isTrue();
        }
    }

    @Test
    void everyReport_explainsItsScenario_andDrawsItsSequenceDiagram() {
        for (Scenario scenario : BuiltinScenarios.all()) {
            String html = ScenarioReport.html(run(scenario.name()), List.of());
            assertThat(html).as(scenario.name()).contains(scenario.explanation().replace("'", "&#39;"), "<svg",
                    "Counters per layer and host");
            assertThat(ScenarioReport.diagram(run(scenario.name())).arrows()).as(scenario.name()).isNotEmpty();
        }
    }

    @Test
    void handshake_isSynSynAckAck_thenTheDataArrivesIntact() {
        assertThat(tcpSent("handshake", "client").findFirst().orElseThrow().tcp().flags()).isEqualTo(TcpHeader.SYN);
        assertThat(tcpSent("handshake", "server").findFirst().orElseThrow().tcp().flags())
                .isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(states("handshake", "client")).startsWith("SYN_SENT", "ESTABLISHED");
        assertThat(states("handshake", "server")).startsWith("SYN_RECEIVED", "ESTABLISHED");
        assertThat(value("handshake", 0, "intact")).isEqualTo(true);
    }

    @Test
    void lostThirdAck_isDropped_andTheClientsDataCompletesTheServersHandshake() {
        assertThat(events("lost-third-ack")).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                TraceEvent.Dropped.class, d -> assertThat(d.detail()).contains("ACK")));
        long serverEstablished = events("lost-third-ack").stream().filter(e -> e instanceof TraceEvent.TcpStateChanged c
                && c.node().equals("server") && c.to().equals("ESTABLISHED")).findFirst().orElseThrow().timeNanos();
        boolean repairedByData = events("lost-third-ack").stream().anyMatch(e -> e instanceof TraceEvent.FrameReceived r
                && r.node().equals("server") && r.timeNanos() == serverEstablished
                && Packet.of(r.frame()).tcp() != null && Packet.of(r.frame()).tcp().payloadLength() > 0);
        long synAcks = tcpSent("lost-third-ack", "server").filter(s -> s.tcp().has(TcpHeader.SYN)).count();
        assertThat(repairedByData || synAcks > 1).isTrue();
        assertThat(value("lost-third-ack", 0, "intact")).isEqualTo(true);
    }

    @Test
    void oldDuplicateSyn_isAnsweredWithRstByTheClient_thenTheRealHandshakeCompletes() {
        assertThat(tcpSent("old-duplicate-syn", "client").filter(s -> s.tcp().has(TcpHeader.RST))).hasSize(1);
        assertThat(tcpSent("old-duplicate-syn", "server").filter(s -> s.tcp().has(TcpHeader.SYN))).hasSize(2);
        assertThat(states("old-duplicate-syn", "server")).containsSubsequence("SYN_RECEIVED", "SYN_RECEIVED",
                "ESTABLISHED");
        assertThat(value("old-duplicate-syn", 0, "intact")).isEqualTo(true);
        assertThat(ScenarioReport.diagram(run("old-duplicate-syn")).arrows())
                .noneSatisfy(a -> assertThat(a.label()).contains("retransmission"));
    }

    @Test
    void simultaneousOpen_takesBothSidesThroughSynReceived() {
        for (String side : List.of("alice", "bob")) {
            assertThat(states("simultaneous-open", side)).startsWith("SYN_SENT", "SYN_RECEIVED", "ESTABLISHED");
        }
        assertThat(tcpSent("simultaneous-open", "alice").filter(s -> s.tcp().has(TcpHeader.SYN))).hasSize(2);
    }

    @Test
    void fourWayClose_goesThroughFinWait2AndLastAck_andTimeWaitLastsTwoMsl() {
        assertThat(states("four-way-close", "client")).containsSubsequence("FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT",
                "CLOSED");
        assertThat(states("four-way-close", "server")).containsSubsequence("CLOSE_WAIT", "LAST_ACK", "CLOSED");
        List<TraceEvent.TcpStateChanged> client = events("four-way-close").stream()
                .filter(e -> e instanceof TraceEvent.TcpStateChanged c && c.node().equals("client"))
                .map(TraceEvent.TcpStateChanged.class::cast).toList();
        long timeWait = client.stream().filter(c -> c.to().equals("TIME_WAIT")).findFirst().orElseThrow().timeNanos();
        assertThat(client.getLast().to()).isEqualTo("CLOSED");
        assertThat(client.getLast().timeNanos() - timeWait).isEqualTo(1_000_000_000L);
    }

    @Test
    void simultaneousClose_takesBothSidesThroughClosing() {
        for (String side : List.of("client", "server")) {
            assertThat(states("simultaneous-close", side)).containsSubsequence("FIN_WAIT_1", "CLOSING", "TIME_WAIT",
                    "CLOSED");
        }
    }

    @Test
    void slowStart_growsPastTenSegments_thenLosesAndContinuesAboveItsThreshold() {
        List<TraceEvent.TcpCongestion> updates = events("slow-start").stream()
                .filter(e -> e instanceof TraceEvent.TcpCongestion c && c.node().equals("client"))
                .map(TraceEvent.TcpCongestion.class::cast).toList();
        int firstLoss = 0;
        while (updates.get(firstLoss).ssthresh() >= 1L << 40) {
            firstLoss++;
        }
        assertThat(updates.subList(0, firstLoss)).anySatisfy(u -> assertThat(u.cwnd()).isGreaterThan(10 * 1460));
        long ssthresh = updates.get(firstLoss).ssthresh();
        assertThat(updates.subList(firstLoss, updates.size()))
                .anySatisfy(u -> assertThat(u.cwnd()).isGreaterThan(u.ssthresh()).isGreaterThan(ssthresh / 2));
        assertThat(value("slow-start", 0, "intact")).isEqualTo(true);
    }

    @Test
    void fastRetransmit_resendsWithoutWaitingForTheTimer() {
        assertThat(value("fast-retransmit", 0, "fastRetransmits")).isEqualTo(1L);
        assertThat(value("fast-retransmit", 0, "timeoutRetransmits")).isEqualTo(0L);
        assertThat(value("fast-retransmit", 0, "intact")).isEqualTo(true);
    }

    @Test
    void rto_resendsTheLoneSegmentWhenTheTimerExpires() {
        assertThat(value("rto", 0, "fastRetransmits")).isEqualTo(0L);
        assertThat(value("rto", 0, "timeoutRetransmits")).isEqualTo(1L);
        assertThat(value("rto", 0, "intact")).isEqualTo(true);
    }

    @Test
    void nagle_stallsEachRoundByTheDelayedAck_andNoDelayDoesNot() {
        // The first round is quick (the server acknowledges its first data at once); the four after it stall.
        assertThat((double) value("nagle", 0, "roundsTotalMs")).isBetween(4 * 40.0, 4 * 50.0);
        assertThat((double) value("nagle", 1, "meanRoundMs")).isLessThan(5.0);
        assertThat(value("nagle", 0, "rounds")).isEqualTo(5);
    }

    @Test
    void zeroWindow_isProbedByTheSender_untilTheReaderOpensIt() {
        long zero = tcpSent("zero-window", "server").filter(s -> s.tcp().window() == 0 && !s.tcp().has(TcpHeader.SYN))
                .findFirst().orElseThrow().timeNanos();
        long probes = tcpSent("zero-window", "client").filter(s -> s.timeNanos() > zero
                && s.timeNanos() < 2_000_000_000L && s.tcp().payloadLength() == 0 && s.tcp().flags() == TcpHeader.ACK)
                .count();
        assertThat(probes).isGreaterThanOrEqualTo(2);
        assertThat(value("zero-window", 0, "intact")).isEqualTo(true);
    }

    @Test
    void fragmentation_splitsTwice_andTheServerReassemblesEveryDatagram() {
        List<TraceEvent.Reassembled> reassembled = events("fragmentation").stream()
                .filter(e -> e instanceof TraceEvent.Reassembled r && r.node().equals("server"))
                .map(TraceEvent.Reassembled.class::cast).toList();
        assertThat(reassembled).hasSize(3).allSatisfy(r -> assertThat(r.fragments()).isGreaterThanOrEqualTo(6));
        assertThat(value("fragmentation", 0, "received")).isEqualTo(3);
    }

    @Test
    void traceroute_namesEveryRouter_thenTheServer() {
        assertThat((String) value("traceroute", 0, "hops")).contains("1 10.1.0.1", "2 10.9.1.2", "3 10.9.2.2",
                "4 10.2.0.2");
        assertThat(events("traceroute").stream().filter(e -> e instanceof TraceEvent.IcmpSent i
                && i.type() == IcmpHeader.TIME_EXCEEDED).map(TraceEvent::node)).containsExactly("r1", "r2", "r3");
    }

    @Test
    void arp_resolvesOnce_andTheBroadcastReachesTheBystander() {
        assertThat(events("arp").stream().filter(e -> e instanceof TraceEvent.ArpResolved a
                && a.node().equals("client"))).hasSize(1);
        assertThat(events("arp").stream().filter(e -> e instanceof TraceEvent.FrameReceived r
                && r.node().equals("printer") && Packet.of(r.frame()).summary().startsWith("ARP who has 10.0.0.2")))
                .hasSize(1);
        assertThat(value("arp", 0, "replies")).isEqualTo(3);
    }

    @Test
    void tcpAndUdp_udpLosesDatagrams_whileTcpDeliversEveryByte() {
        assertThat((int) value("tcp-and-udp", 0, "lost")).isPositive();
        assertThat(value("tcp-and-udp", 1, "intact")).isEqualTo(true);
    }
}
