package dev.wirestack.scenario;

import dev.wirestack.report.ConnectionFigures;
import dev.wirestack.report.ConnectionTrace;
import dev.wirestack.report.CountersTable;
import dev.wirestack.report.HtmlReport;
import dev.wirestack.report.SequenceDiagram;
import dev.wirestack.report.SequenceDiagramSvg;
import dev.wirestack.report.SequenceDiagramText;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.TcpHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report of a scenario run: an HTML page, a few lines for the terminal, and a JSON summary. */
public final class ScenarioReport {
    /** Arrows drawn at the start and at the end of the sequence diagram; the middle is summarised. */
    public static final int DIAGRAM_HEAD = 60;
    public static final int DIAGRAM_TAIL = 20;
    /** Up to this many hosts, routers get lanes too (ARP and traceroute happen hop by hop). */
    private static final int ALL_LANES_UP_TO = 5;

    private ScenarioReport() {
    }

    /** The sequence diagram of the run, whole: its lanes are the hosts, or the end hosts in larger networks. */
    public static SequenceDiagram diagram(ScenarioRunner.Result result) {
        Scenario scenario = result.scenario();
        List<String> lanes = scenario.hosts().size() <= ALL_LANES_UP_TO
                ? scenario.hosts().stream().map(Scenario.HostSpec::name).toList() : scenario.endHosts();
        return SequenceDiagram.of(result.recorder().events(), lanes);
    }

    public static String html(ScenarioRunner.Result result, List<String> pcapFiles) {
        Scenario scenario = result.scenario();
        List<TraceEvent> events = result.recorder().events();
        HtmlReport page = new HtmlReport("Wirestack scenario " + scenario.name() + ": " + scenario.title());
        if (!scenario.explanation().isEmpty()) {
            page.paragraph(scenario.explanation());
        }
        page.paragraph("Seed " + scenario.seed() + "; the simulation ran " + millis(result.endNanos())
                + " of virtual time" + (result.completed() ? ", until all its traffic was done." : " and stopped at "
                + "its duration with traffic still unfinished."));
        page.preformatted(topology(scenario));
        page.heading("Traffic");
        page.table(List.of("traffic", "done", "measured"), result.outcomes().stream().map(o -> List.of(o.label(),
                o.completed() ? "yes" : "no", o.values().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")))).toList());
        if (result.recorder().overflow() > 0) {
            page.paragraph(result.recorder().overflow() + " trace events came after the recording budget was "
                    + "spent; the drawings below end early.");
        }
        page.heading("Sequence diagram");
        SequenceDiagram diagram = diagram(result);
        SequenceDiagram shown = diagram.elide(DIAGRAM_HEAD, DIAGRAM_TAIL);
        long lost = diagram.arrows().stream().filter(SequenceDiagram.Arrow::lost).count();
        page.figure(SequenceDiagramSvg.render(shown), diagram.arrows().size() + " frames between the lanes, " + lost
                + " of them lost on the way (the arrows that stop short); switches and link filters pass frames on "
                + "unchanged and are not drawn. TCP sequence numbers are relative to each side's first.");
        page.details("The same diagram as text", SequenceDiagramText.render(shown));
        List<String> senders = scenario.traffic().stream().map(ScenarioReport::sender).toList();
        page.heading("TCP connections");
        ConnectionFigures.add(page, events, senders);
        page.heading("Counters per layer and host");
        ConnectionFigures.counters(page, CountersTable.of(result.hosts(), result.network().links(), events));
        if (!pcapFiles.isEmpty()) {
            page.heading("Captures");
            page.links(pcapFiles, "Every frame as each host's first interface saw it, for Wireshark or tshark "
                    + "(-r FILE).");
        }
        return page.toHtml();
    }

    private static String sender(Traffic traffic) {
        return switch (traffic) {
            case Traffic.TcpOpenTogether o -> o.a();
            default -> traffic.hosts().getFirst();
        };
    }

    /** The network in words: each host with its addresses, each link with its properties and rules. */
    static String topology(Scenario scenario) {
        StringBuilder text = new StringBuilder();
        for (Scenario.HostSpec host : scenario.hosts()) {
            text.append(host.router() ? "router " : "host   ").append(host.name()).append(' ')
                    .append(host.interfaces().stream().map(i -> i.cidr() + (i.mtu() != 1500 ? " mtu " + i.mtu() : ""))
                            .collect(Collectors.joining(", ")));
            if (host.gateway() != null) {
                text.append(", gateway ").append(host.gateway());
            }
            text.append('\n');
        }
        for (Scenario.SwitchSpec sw : scenario.switches()) {
            text.append("switch ").append(sw.name()).append('\n');
        }
        for (Scenario.Link link : scenario.links()) {
            text.append("link   ").append(link.a()).append(" ── ").append(link.b()).append(": ")
                    .append(describe(link.spec())).append('\n');
            for (FrameRule rule : link.rules()) {
                text.append("         rule: ").append(describe(rule)).append('\n');
            }
        }
        return text.toString();
    }

    static String describe(LinkSpec spec) {
        List<String> parts = new ArrayList<>();
        parts.add(spec.bitsPerSecond() == LinkSpec.UNLIMITED ? "no bandwidth limit"
                : String.format(Locale.ROOT, "%s bit/s", si(spec.bitsPerSecond())));
        parts.add(millis(spec.delayNanos()) + " delay");
        addPercent(parts, "loss", spec.loss());
        addPercent(parts, "duplication", spec.duplication());
        addPercent(parts, "reordering", spec.reorder());
        addPercent(parts, "corruption", spec.corruption());
        if (spec.queuePackets() != LinkSpec.DEFAULT_QUEUE_PACKETS) {
            parts.add("queue " + spec.queuePackets() + " frames");
        }
        return String.join(", ", parts);
    }

    private static String describe(FrameRule rule) {
        String which = rule.nth() == 1 && rule.count() == 1 ? "the first" : "from the " + ordinal(rule.nth())
                + (rule.count() > 1 ? ", " + rule.count() + " frames" : "");
        String what = rule.match().protocol() + (rule.match().tcpFlags() >= 0 ? " [" + TcpHeader
                .flagNames(rule.match().tcpFlags()) + "]" : "") + (rule.match().data() == 1 ? " with data"
                : rule.match().data() == 0 ? " without data" : "");
        String direction = switch (rule.direction()) {
            case A_TO_B -> " going forward";
            case B_TO_A -> " coming back";
            case BOTH -> "";
        };
        String action = switch (rule.action()) {
            case DROP -> "dropped";
            case DELAY -> "held back " + millis(rule.delay().toNanos());
            case OLD_DUPLICATE -> "preceded by an old duplicate " + rule.seqOffset() + " sequence numbers back, "
                    + "itself held back " + millis(rule.delay().toNanos());
        };
        return which + " " + what + " frame" + direction + " is " + action;
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    private static void addPercent(List<String> parts, String name, double probability) {
        if (probability > 0) {
            parts.add(String.format(Locale.ROOT, "%s %.2f %%", name, probability * 100));
        }
    }

    private static String si(long value) {
        if (value % 1_000_000_000 == 0) {
            return value / 1_000_000_000 + " G";
        }
        if (value % 1_000_000 == 0) {
            return value / 1_000_000 + " M";
        }
        return value % 1000 == 0 ? value / 1000 + " k" : value + " ";
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }

    /** A few lines for the terminal: each traffic item and what it measured. */
    public static List<String> summary(ScenarioRunner.Result result) {
        List<String> lines = new ArrayList<>();
        for (Outcome outcome : result.outcomes()) {
            lines.add(outcome.label() + (outcome.completed() ? "" : " (unfinished)") + ": "
                    + outcome.values().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        return lines;
    }

    /** The machine-readable summary: one JSON object, the same for the same scenario and seed. */
    public static String json(ScenarioRunner.Result result) {
        Scenario scenario = result.scenario();
        List<TraceEvent> events = result.recorder().events();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("scenario", scenario.name());
        root.put("title", scenario.title());
        root.put("seed", scenario.seed());
        root.put("durationMs", scenario.duration().toNanos() / 1e6);
        root.put("endMs", result.endNanos() / 1e6);
        root.put("completed", result.completed());
        List<Object> traffic = new ArrayList<>();
        for (Outcome outcome : result.outcomes()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("label", outcome.label());
            item.put("kind", outcome.kind());
            item.put("completed", outcome.completed());
            item.putAll(outcome.values());
            traffic.add(item);
        }
        root.put("traffic", traffic);
        List<Object> connections = new ArrayList<>();
        for (ConnectionTrace.Id id : ConnectionTrace.connections(events)) {
            ConnectionTrace side = ConnectionTrace.of(events, id);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("side", id.toString());
            item.put("states", side.states().stream().map(TraceEvent.TcpStateChanged::to).toList());
            item.put("fastRetransmits", side.retransmits().stream().filter(TraceEvent.TcpRetransmit::fast).count());
            item.put("timeoutRetransmits", side.retransmits().stream().filter(r -> !r.fast()).count());
            connections.add(item);
        }
        root.put("tcpConnections", connections);
        CountersTable counters = CountersTable.of(result.hosts(), result.network().links(), events);
        Map<String, Object> hosts = new LinkedHashMap<>();
        for (int h = 0; h < counters.hosts().size(); h++) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (CountersTable.Row row : counters.rows()) {
                values.put(row.layer() + ": " + row.name(), row.values().get(h));
            }
            hosts.put(counters.hosts().get(h), values);
        }
        root.put("hosts", hosts);
        root.put("links", counters.links().stream().map(l -> {
            Map<String, Object> link = new LinkedHashMap<>();
            link.put("direction", l.direction());
            link.put("sent", l.sent());
            link.put("delivered", l.delivered());
            link.put("lost", l.lost());
            link.put("queueFull", l.queueFull());
            link.put("badFcs", l.badFcs());
            link.put("duplicated", l.duplicated());
            link.put("reordered", l.reordered());
            return link;
        }).toList());
        root.put("traceEvents", events.size());
        root.put("traceEventsNotKept", result.recorder().overflow());
        return Json.write(root);
    }
}
