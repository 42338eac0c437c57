package dev.wirestack.report;

import dev.wirestack.sim.LinkCounters;
import dev.wirestack.sim.LinkDirection;
import dev.wirestack.sim.SimLink;
import dev.wirestack.stack.Counter;
import dev.wirestack.stack.Host;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;

/**
 * The counters of a run, per layer and host: frames in and out, drops by reason, the protocol counters of each
 * host's {@link dev.wirestack.stack.Stats}, retransmissions (from the trace), and what each direction of each link
 * did to its frames. Rows where every host counted zero are left out.
 *
 * @param rows  one value per host, in the order of {@code hosts}
 * @param links one row per link direction
 */
public record CountersTable(List<String> hosts, List<Row> rows, List<LinkRow> links) {

    public record Row(String layer, String name, List<Long> values) {
        public long total() {
            return values.stream().mapToLong(Long::longValue).sum();
        }
    }

    public record LinkRow(String direction, long sent, long delivered, long lost, long queueFull, long badFcs,
                          long duplicated, long reordered) {
    }

    /** The layers from the bottom up: the order of the rows. */
    public static final List<String> LAYERS = List.of("Ethernet", "ARP", "IPv4", "ICMP", "UDP", "TCP");

    public CountersTable {
        hosts = List.copyOf(hosts);
        rows = List.copyOf(rows);
        links = List.copyOf(links);
    }

    public static CountersTable of(List<Host> hosts, List<SimLink> links, List<TraceEvent> events) {
        List<Row> rows = new ArrayList<>();
        add(rows, hosts, "Ethernet", "frames in", h -> IntStream.range(0, h.interfaces().size())
                .mapToLong(i -> h.stats().framesIn(i)).sum());
        add(rows, hosts, "Ethernet", "frames out", h -> IntStream.range(0, h.interfaces().size())
                .mapToLong(i -> h.stats().framesOut(i)).sum());
        for (Counter counter : Counter.values()) {
            add(rows, hosts, layerOf(counter.name()), counter.name(), h -> h.stats().get(counter));
        }
        add(rows, hosts, "ARP", "addresses resolved (trace)",
                h -> count(events, h, TraceEvent.ArpResolved.class::isInstance));
        add(rows, hosts, "TCP", "fast retransmissions (trace)",
                h -> count(events, h, e -> e instanceof TraceEvent.TcpRetransmit r && r.fast()));
        add(rows, hosts, "TCP", "timeout retransmissions (trace)",
                h -> count(events, h, e -> e instanceof TraceEvent.TcpRetransmit r && !r.fast()));
        for (DropReason reason : DropReason.values()) {
            add(rows, hosts, layerOf(reason), "dropped: " + reason.name(), h -> h.stats().drops(reason));
        }
        rows.sort(Comparator.comparingInt(row -> LAYERS.indexOf(row.layer())));
        List<LinkRow> linkRows = new ArrayList<>();
        for (SimLink link : links) {
            linkRows.add(linkRow(link.aToB()));
            linkRows.add(linkRow(link.bToA()));
        }
        return new CountersTable(hosts.stream().map(Host::name).toList(), rows, linkRows);
    }

    private static void add(List<Row> rows, List<Host> hosts, String layer, String name, ToLongFunction<Host> value) {
        List<Long> values = hosts.stream().map(value::applyAsLong).toList();
        if (values.stream().anyMatch(v -> v != 0)) {
            rows.add(new Row(layer, name, values));
        }
    }

    private static long count(List<TraceEvent> events, Host host, java.util.function.Predicate<TraceEvent> what) {
        return events.stream().filter(e -> e.node().equals(host.name())).filter(what).count();
    }

    private static LinkRow linkRow(LinkDirection direction) {
        LinkCounters c = direction.counters();
        return new LinkRow(direction.toString(), c.framesSent(), c.framesDelivered(), c.dropped(DropReason.LINK_LOSS),
                c.dropped(DropReason.QUEUE_FULL), c.dropped(DropReason.BAD_FCS), c.duplicated(), c.reordered());
    }

    private static String layerOf(String counterName) {
        String prefix = counterName.substring(0, counterName.indexOf('_'));
        return prefix.equals("IP") ? "IPv4" : prefix;
    }

    private static String layerOf(DropReason reason) {
        return switch (reason) {
            case BAD_FCS, LINK_LOSS, QUEUE_FULL, NOT_OUR_MAC, UNKNOWN_ETHERTYPE, INTERFACE_DOWN -> "Ethernet";
            case ARP_NOT_FOR_US, ARP_UNRESOLVED, ARP_QUEUE_FULL -> "ARP";
            case PORT_UNREACHABLE, SOCKET_BUFFER_FULL -> "UDP";
            case ICMP_RATE_LIMITED -> "ICMP";
            case LISTEN_OVERFLOW -> "TCP";
            default -> "IPv4";
        };
    }
}
