package dev.wirestack.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.trace.TraceEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpChartsTest {
    private final LossyTransfer run = new LossyTransfer(11, 0.03, 300_000);
    private final ConnectionTrace client = ConnectionTrace.of(run.events(),
            ConnectionTrace.connections(run.events()).stream().filter(id -> id.node().equals("client")).findFirst()
                    .orElseThrow());

    private List<TraceEvent.TcpCongestion> congestionEvents() {
        return run.events().stream().filter(e -> e instanceof TraceEvent.TcpCongestion c && c.node().equals("client"))
                .map(TraceEvent.TcpCongestion.class::cast).toList();
    }

    @Test
    void theCwndPointsAreExactlyTheTracesCwndValues() {
        Chart chart = TcpCharts.congestionWindow(client);
        List<Chart.Point> expected = congestionEvents().stream()
                .map(e -> new Chart.Point(e.timeNanos() / 1e9, e.cwnd())).toList();
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(chart.series().getFirst().name()).isEqualTo("cwnd");
        assertThat(chart.series().getFirst().points()).isEqualTo(expected);
    }

    @Test
    void ssthreshIsDrawnOnceLossMadeItFinite() {
        Chart chart = TcpCharts.congestionWindow(client);
        List<Chart.Point> expected = congestionEvents().stream().filter(e -> e.ssthresh() < 1L << 40)
                .map(e -> new Chart.Point(e.timeNanos() / 1e9, e.ssthresh())).toList();
        assertThat(expected).isNotEmpty();
        assertThat(chart.series().get(1).points()).isEqualTo(expected);
    }

    @Test
    void rttAndRtoComeFromTheTraceInMilliseconds() {
        Chart chart = TcpCharts.rttAndRto(client);
        assertThat(chart.series().get(1).points()).isEqualTo(congestionEvents().stream()
                .map(e -> new Chart.Point(e.timeNanos() / 1e9, e.rtoNanos() / 1e6)).toList());
        assertThat(chart.series().get(0).points()).allSatisfy(p -> assertThat(p.y()).isGreaterThan(10));
    }

    @Test
    void goodputAddsUpToTheBytesAcknowledged() {
        Chart chart = TcpCharts.goodput(client);
        double megabits = chart.series().getFirst().points().stream().mapToDouble(Chart.Point::y).sum()
                * (TcpCharts.GOODPUT_WINDOW_NANOS / 1e9);
        // Everything acknowledged after the first ACK: the data and the FIN, less the SYN the first ACK covered.
        long acknowledged = client.acks().getLast().ack() - client.acks().getFirst().ack();
        assertThat(megabits * 1e6 / 8).isCloseTo(acknowledged, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void theTimeSequenceGraphHasEverySegmentAndMarksRetransmissions() {
        Chart chart = TcpCharts.timeSequence(client);
        long retransmitted = run.events().stream()
                .filter(e -> e instanceof TraceEvent.TcpRetransmit r && r.node().equals("client")).count();
        assertThat(chart.series().get(0).points().size() + chart.series().get(1).points().size())
                .isEqualTo(client.sent().size());
        assertThat(chart.series().get(1).points()).hasSize((int) retransmitted);
        assertThat(chart.series().get(2).points().getLast().y()).isEqualTo(300_000 + 2); // data, SYN and FIN
    }

    @Test
    void theSvgHoldsEverySeriesWithItsPointCount() {
        Chart chart = TcpCharts.congestionWindow(client);
        String svg = SvgChart.render(chart);
        for (Chart.Series series : chart.series()) {
            assertThat(svg).contains("data-name=\"" + series.name() + "\" data-points=\"" + series.points().size()
                    + "\"");
        }
        String polyline = svg.substring(svg.indexOf(" points=\"") + 9);
        polyline = polyline.substring(0, polyline.indexOf('"'));
        // A step line has two vertices per point but the first.
        assertThat(polyline.split(" ")).hasSize(2 * chart.series().getFirst().points().size() - 1);
    }

    @Test
    void theStateTimelineHasABarPerStateChange() {
        List<ConnectionTrace> sides = ConnectionTrace.connections(run.events()).stream()
                .map(id -> ConnectionTrace.of(run.events(), id)).toList();
        String svg = StateTimelineSvg.render(sides);
        long changes = run.events().stream().filter(TraceEvent.TcpStateChanged.class::isInstance).count();
        assertThat(svg.split("<g class=\"state\"", -1)).hasSize((int) changes + 1);
        assertThat(svg).contains("data-state=\"TIME_WAIT\"");
    }
}
