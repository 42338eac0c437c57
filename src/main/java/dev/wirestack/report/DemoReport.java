package dev.wirestack.report;

import dev.wirestack.report.DemoScenario.Phase;
import dev.wirestack.report.DemoScenario.Result;
import dev.wirestack.report.DemoScenario.Transfer;
import dev.wirestack.sim.LinkCounters;
import dev.wirestack.sim.SimLink;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report of a demo run, as an HTML page and as a few summary lines for the terminal. */
public final class DemoReport {
    /** Arrows drawn at the start and at the end of a transfer's sequence diagram; the middle is summarised. */
    public static final int DIAGRAM_HEAD = 40;
    public static final int DIAGRAM_TAIL = 20;
    static final List<String> ALL_HOSTS = List.of("client", "r1", "r2", "r3", "server");
    static final List<String> END_HOSTS = List.of("client", "server");

    private static final String NETWORK = """
            client 10.1.0.2 ── sw1 ── r1 ── r2 ══ lossy wide-area link ══ r3 ── sw2 ── server 10.2.0.2
                  LAN 100 Mbit/s       2 ms         10 Mbit/s, 10 ms             LAN 100 Mbit/s
            """;

    private DemoReport() {
    }

    /** The page, linking to {@code pcapFiles} (names relative to the page). */
    public static String html(Result result, List<String> pcapFiles) {
        DemoScenario.Settings settings = result.settings();
        List<TraceEvent> events = result.recorder().events();
        HtmlReport page = new HtmlReport("Wirestack demo: seed " + settings.seed() + ", "
                + percent(settings.loss()) + " loss on the wide-area link");
        page.paragraph("A simulated network on virtual time: a client on one LAN, three routers, and a server on "
                + "another LAN. The link between the second and the third router loses " + percent(settings.loss())
                + " of the frames in each direction, at random but from the seed, so the same seed gives this same "
                + "report. The client pings the server, which makes every hop resolve its next hop's address with "
                + "ARP; then it sends " + settings.transferBytes() + " bytes over TCP with NewReno congestion control, "
                + "and the same again with CUBIC, each connection with its handshake and a graceful close.");
        page.preformatted(NETWORK);
        page.heading("Summary");
        page.table(List.of("transfer", "bytes", "handshake", "goodput", "fast retransmits", "timeout retransmits",
                        "close", "delivered intact"),
                result.transfers().stream().map(t -> transferRow(t, events)).toList());
        if (result.recorder().overflow() > 0) {
            page.paragraph(result.recorder().overflow() + " trace events came after the recording budget was "
                    + "spent; the drawings below end early.");
        }

        Phase ping = result.phases().getFirst();
        List<TraceEvent> pingEvents = events.subList(ping.firstEvent(), ping.endEvent());
        page.heading("ARP and ping, hop by hop");
        page.paragraph("Each host first announces its address (gratuitous ARP). The first echo request waits at "
                + "each hop while that hop asks who has the next address; the later ones go straight through. "
                + result.pingReplies() + " of 3 echo replies came back.");
        SequenceDiagram pingDiagram = SequenceDiagram.of(pingEvents, ALL_HOSTS);
        page.figure(SequenceDiagramSvg.render(pingDiagram), "Every frame between two hosts, routers included; the "
                + "switches pass frames on unchanged and are not drawn.");
        page.details("The same diagram as text", SequenceDiagramText.render(pingDiagram));

        for (int i = 0; i < result.transfers().size(); i++) {
            transferSection(page, result, i);
        }

        page.heading("Counters per layer and host");
        ConnectionFigures.counters(page, CountersTable.of(result.hosts(), result.network().network().links(),
                events));

        page.heading("Captures");
        page.links(pcapFiles, "Every frame as the interface saw it, for Wireshark or tshark (-r FILE).");
        return page.toHtml();
    }

    /** The sequence diagram between client and server of transfer {@code index} (0: NewReno, 1: CUBIC), whole. */
    public static SequenceDiagram transferDiagram(Result result, int index) {
        Phase phase = result.phases().get(index + 1);
        return SequenceDiagram.of(result.recorder().events().subList(phase.firstEvent(), phase.endEvent()),
                END_HOSTS);
    }

    private static void transferSection(HtmlReport page, Result result, int index) {
        Transfer transfer = result.transfers().get(index);
        Phase phase = result.phases().get(index + 1);
        List<TraceEvent> events = result.recorder().events().subList(phase.firstEvent(), phase.endEvent());
        page.heading("TCP with " + transfer.congestionControl());
        page.paragraph(explanation(transfer));
        SequenceDiagram diagram = transferDiagram(result, index);
        long lost = diagram.arrows().stream().filter(SequenceDiagram.Arrow::lost).count();
        SequenceDiagram shown = diagram.elide(DIAGRAM_HEAD, DIAGRAM_TAIL);
        page.figure(SequenceDiagramSvg.render(shown), "The handshake and the start of the transfer, then its end "
                + "and the close: " + diagram.arrows().size() + " segments between client and server in all, "
                + lost + " of them lost on the wide-area link (the arrows that stop short). Sequence numbers are "
                + "relative to each side's initial sequence number.");
        page.details("The same diagram as text", SequenceDiagramText.render(shown));
        ConnectionFigures.add(page, events, List.of("client"));
    }

    private static String explanation(Transfer transfer) {
        return "The client opens a connection to port " + transfer.port() + " (SYN, SYN-ACK, ACK), writes "
                + transfer.bytes() + " bytes and closes its side; the server reads to the end and closes too. "
                + "The client, which closed first, then waits in TIME_WAIT for twice the maximum segment lifetime ("
                + "shortened to " + DemoScenario.MSL.toMillis() + " ms here) before the connection is gone.";
    }

    private static List<String> transferRow(Transfer t, List<TraceEvent> events) {
        long[] retransmits = retransmits(events, t.port());
        return List.of(t.congestionControl(), Long.toString(t.bytes()), millis(t.handshakeNanos()),
                String.format(Locale.ROOT, "%.2f Mbit/s", t.goodputBitsPerSecond() / 1e6),
                Long.toString(retransmits[0]), Long.toString(retransmits[1]), millis(t.closeNanos()),
                t.intact() ? "yes (SHA-256)" : "NO");
    }

    /** Fast and timeout retransmissions of the connection to {@code port}. */
    private static long[] retransmits(List<TraceEvent> events, int port) {
        long[] counts = new long[2];
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.TcpRetransmit r && (r.remotePort() == port || r.localPort() == port)) {
                counts[r.fast() ? 0 : 1]++;
            }
        }
        return counts;
    }

    /** A few lines for the terminal: per layer what happened, then each transfer. */
    public static List<String> summary(Result result) {
        List<String> lines = new ArrayList<>();
        List<TraceEvent> events = result.recorder().events();
        CountersTable counters = CountersTable.of(result.hosts(), result.network().network().links(), events);
        for (String layer : CountersTable.LAYERS) {
            List<String> parts = new ArrayList<>();
            for (CountersTable.Row row : counters.rows()) {
                if (row.layer().equals(layer)) {
                    parts.add(row.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + row.total());
                }
            }
            if (layer.equals("Ethernet")) {
                parts.add(linkDrops(result.network().network().links()));
            }
            if (!parts.isEmpty()) {
                lines.add(String.format(Locale.ROOT, "%-9s %s", layer, String.join(", ", parts)));
            }
        }
        for (Transfer t : result.transfers()) {
            long[] retransmits = retransmits(events, t.port());
            lines.add(String.format(Locale.ROOT, "%-9s %d bytes %s, goodput %.2f Mbit/s, handshake %s, close %s, "
                            + "retransmissions %d fast + %d timeout", t.congestionControl(), t.bytes(),
                    t.intact() ? "intact" : "NOT INTACT", t.goodputBitsPerSecond() / 1e6, millis(t.handshakeNanos()),
                    millis(t.closeNanos()), retransmits[0], retransmits[1]));
        }
        return lines;
    }

    private static String linkDrops(List<SimLink> links) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        for (SimLink link : links) {
            for (LinkCounters c : List.of(link.aToB().counters(), link.bToA().counters())) {
                for (DropReason reason : List.of(DropReason.LINK_LOSS, DropReason.QUEUE_FULL, DropReason.BAD_FCS)) {
                    drops.merge(reason, c.dropped(reason), Long::sum);
                }
            }
        }
        return "link drops " + drops.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String percent(double probability) {
        return String.format(Locale.ROOT, "%.1f %%", probability * 100);
    }
}
