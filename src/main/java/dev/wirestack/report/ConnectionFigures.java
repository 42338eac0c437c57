package dev.wirestack.report;

import dev.wirestack.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The figures of the TCP connections in a stretch of trace, for a report page: the state timeline of every side,
 * and the charts of the sending side (congestion window, RTT and RTO, goodput, time-sequence graph).
 */
public final class ConnectionFigures {
    private ConnectionFigures() {
    }

    /**
     * Adds the state timeline of every connection side in {@code events}, then the charts of each side on
     * {@code senders} (the nodes that send the data).
     */
    public static void add(HtmlReport page, List<TraceEvent> events, List<String> senders) {
        List<ConnectionTrace> sides = ConnectionTrace.connections(events).stream()
                .map(id -> ConnectionTrace.of(events, id)).toList();
        if (sides.isEmpty()) {
            return;
        }
        page.figure(StateTimelineSvg.render(sides), "The TCP states of each side of each connection.");
        for (ConnectionTrace side : sides) {
            if (!senders.contains(side.id().node()) || side.congestion().isEmpty()) {
                continue;
            }
            page.figure(SvgChart.render(TcpCharts.congestionWindow(side)), side.id() + ": the congestion window: "
                    + "slow start doubles it each round trip; each loss cuts it (NewReno to half, CUBIC to 70 %), "
                    + "and congestion avoidance grows it again.");
            page.figure(SvgChart.render(TcpCharts.rttAndRto(side)), side.id() + ": the smoothed round-trip time "
                    + "and the retransmission timeout computed from it (RFC 6298, at least 200 ms).");
            page.figure(SvgChart.render(TcpCharts.goodput(side)), side.id()
                    + ": application bytes acknowledged per interval.");
            page.figure(SvgChart.render(TcpCharts.timeSequence(side)), side.id() + ": sequence numbers over time, "
                    + "as tcptrace draws them: the slope is the throughput; red marks are retransmissions.");
        }
    }

    /** Adds the counters table per layer and host, and the table of what each link direction did. */
    public static void counters(HtmlReport page, CountersTable counters) {
        List<String> header = new ArrayList<>(List.of("layer: counter"));
        header.addAll(counters.hosts());
        page.table(header, counters.rows().stream().map(row -> {
            List<String> cells = new ArrayList<>(List.of(row.layer() + ": " + row.name()));
            row.values().forEach(v -> cells.add(Long.toString(v)));
            return cells;
        }).toList());
        page.paragraph("What each direction of each link did to the frames put on it.");
        page.table(List.of("link direction", "sent", "delivered", "lost", "queue full", "bad FCS", "duplicated",
                "reordered"), counters.links().stream().map(l -> List.of(l.direction(), Long.toString(l.sent()),
                Long.toString(l.delivered()), Long.toString(l.lost()), Long.toString(l.queueFull()),
                Long.toString(l.badFcs()), Long.toString(l.duplicated()), Long.toString(l.reordered()))).toList());
    }
}
