package dev.wirestack.report;

import java.util.List;

/**
 * A chart over time as data, before it is drawn ({@link SvgChart}): a title, axis labels and series of points. Tests
 * compare the points with the trace they came from.
 */
public record Chart(String title, String xLabel, String yLabel, List<Series> series) {

    public enum Style {
        /** Points joined by straight lines. */
        LINE,
        /** A value that holds until the next point (a window, a threshold). */
        STEP,
        /** Separate marks, as tcptrace draws segments. */
        DOTS
    }

    public record Point(double x, double y) {
    }

    public record Series(String name, String color, Style style, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    public Chart {
        series = List.copyOf(series);
    }

    public boolean isEmpty() {
        return series.stream().allMatch(s -> s.points().isEmpty());
    }
}
