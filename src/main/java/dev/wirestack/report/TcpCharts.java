package dev.wirestack.report;

import dev.wirestack.report.Chart.Point;
import dev.wirestack.report.Chart.Series;
import dev.wirestack.report.Chart.Style;
import dev.wirestack.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of one side of a TCP connection, each a pure function of its {@link ConnectionTrace}: time in seconds
 * of virtual time on the x axis.
 */
public final class TcpCharts {
    /** Goodput is averaged over windows of this length. */
    public static final long GOODPUT_WINDOW_NANOS = 100_000_000;
    /**
     * ssthresh starts "infinite" (RFC 5681 section 3.1: arbitrarily high); such values are left out of the chart,
     * which would otherwise show nothing else.
     */
    private static final long UNBOUNDED_SSTHRESH = 1L << 40;

    private TcpCharts() {
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** cwnd and ssthresh in bytes, one point per congestion update. */
    public static Chart congestionWindow(ConnectionTrace trace) {
        List<Point> cwnd = new ArrayList<>();
        List<Point> ssthresh = new ArrayList<>();
        for (TraceEvent.TcpCongestion update : trace.congestion()) {
            cwnd.add(new Point(seconds(update.timeNanos()), update.cwnd()));
            if (update.ssthresh() < UNBOUNDED_SSTHRESH) {
                ssthresh.add(new Point(seconds(update.timeNanos()), update.ssthresh()));
            }
        }
        return new Chart("Congestion window and slow-start threshold", "time (s)", "bytes", List.of(
                new Series("cwnd", "#1f77b4", Style.STEP, cwnd),
                new Series("ssthresh", "#d62728", Style.STEP, ssthresh)));
    }

    /** The smoothed RTT (once measured) and the retransmission timeout, in milliseconds (RFC 6298). */
    public static Chart rttAndRto(ConnectionTrace trace) {
        List<Point> srtt = new ArrayList<>();
        List<Point> rto = new ArrayList<>();
        for (TraceEvent.TcpCongestion update : trace.congestion()) {
            double x = seconds(update.timeNanos());
            if (update.srttNanos() > 0) {
                srtt.add(new Point(x, update.srttNanos() / 1e6));
            }
            rto.add(new Point(x, update.rtoNanos() / 1e6));
        }
        return new Chart("Smoothed RTT and retransmission timeout", "time (s)", "milliseconds", List.of(
                new Series("srtt", "#2ca02c", Style.LINE, srtt),
                new Series("RTO", "#ff7f0e", Style.STEP, rto)));
    }

    /**
     * Goodput: bytes newly acknowledged in each {@link #GOODPUT_WINDOW_NANOS} window, in Mbit/s, from the first
     * acknowledgment to the last, plotted at each window's end.
     */
    public static Chart goodput(ConnectionTrace trace) {
        List<Point> points = new ArrayList<>();
        List<ConnectionTrace.Ack> acks = trace.acks();
        if (!acks.isEmpty()) {
            long start = acks.getFirst().timeNanos();
            long highest = acks.getFirst().ack();
            long windowEnd = start + GOODPUT_WINDOW_NANOS;
            long atWindowStart = highest;
            for (ConnectionTrace.Ack ack : acks) {
                while (ack.timeNanos() >= windowEnd) {
                    points.add(new Point(seconds(windowEnd), mbps(highest - atWindowStart)));
                    atWindowStart = highest;
                    windowEnd += GOODPUT_WINDOW_NANOS;
                }
                highest = Math.max(highest, ack.ack());
            }
            points.add(new Point(seconds(windowEnd), mbps(highest - atWindowStart)));
        }
        return new Chart("Goodput (acknowledged bytes per " + GOODPUT_WINDOW_NANOS / 1_000_000 + " ms)", "time (s)",
                "Mbit/s", List.of(new Series("goodput", "#9467bd", Style.LINE, points)));
    }

    private static double mbps(long bytes) {
        return bytes * 8 / (GOODPUT_WINDOW_NANOS / 1e9) / 1e6;
    }

    /**
     * The time-sequence graph, as tcptrace draws it: each segment sent as a mark at the end of the sequence space it
     * took (retransmissions apart, in red), and the acknowledged sequence number received as a step line.
     */
    public static Chart timeSequence(ConnectionTrace trace) {
        List<Point> sent = new ArrayList<>();
        List<Point> resent = new ArrayList<>();
        for (ConnectionTrace.Sent segment : trace.sent()) {
            Point point = new Point(seconds(segment.timeNanos()), segment.seq() + segment.length());
            (segment.retransmission() ? resent : sent).add(point);
        }
        List<Point> acked = trace.acks().stream().map(a -> new Point(seconds(a.timeNanos()), a.ack())).toList();
        return new Chart("Time-sequence graph", "time (s)", "relative sequence number", List.of(
                new Series("sent", "#1f77b4", Style.DOTS, sent),
                new Series("retransmitted", "#d62728", Style.DOTS, resent),
                new Series("acked", "#2ca02c", Style.STEP, acked)));
    }
}
