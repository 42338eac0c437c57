package dev.wirestack.report;

import dev.wirestack.report.Chart.Point;
import dev.wirestack.report.Chart.Series;
import java.util.List;

/**
 * Draws a {@link Chart} as an SVG line chart: axes with round-numbered ticks, one polyline (or marks) per series and
 * a legend. Written by hand rather than with a charting library so that the report is text, byte-for-byte the same
 * on every machine (no font rasterising), and needs nothing to view.
 *
 * <p>Each series is a {@code <g class="series" data-name=".." data-points="N">}, for tests and style sheets.
 */
public final class SvgChart {
    public static final int WIDTH = 720;
    public static final int HEIGHT = 320;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 34;
    private static final int BOTTOM = 46;
    private static final int TICKS = 6;

    private SvgChart() {
    }

    public static String render(Chart chart) {
        List<Point> all = chart.series().stream().flatMap(s -> s.points().stream()).toList();
        double minX = all.stream().mapToDouble(Point::x).min().orElse(0);
        double maxX = all.stream().mapToDouble(Point::x).max().orElse(1);
        double maxY = all.stream().mapToDouble(Point::y).max().orElse(1);
        Axis x = Axis.of(minX, maxX);
        Axis y = Axis.of(0, maxY);
        Frame frame = new Frame(x, y);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" "
                + "font-weight=\"bold\">").append(Svg.escape(chart.title())).append("</text>\n");
        axes(svg, chart, frame);
        if (chart.isEmpty()) {
            svg.append("<text x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#777\">no data</text>\n");
        }
        int legendY = TOP + 6;
        for (Series series : chart.series()) {
            series(svg, series, frame);
            svg.append("<g class=\"legend\"><rect x=\"").append(WIDTH - RIGHT - 120).append("\" y=\"")
                    .append(legendY).append("\" width=\"12\" height=\"4\" fill=\"").append(series.color())
                    .append("\"/><text x=\"").append(WIDTH - RIGHT - 104).append("\" y=\"").append(legendY + 6)
                    .append("\">").append(Svg.escape(series.name())).append("</text></g>\n");
            legendY += 16;
        }
        return svg.append("</svg>\n").toString();
    }

    private static void axes(StringBuilder svg, Chart chart, Frame frame) {
        int plotBottom = HEIGHT - BOTTOM;
        svg.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(plotBottom - TOP)
                .append("\" fill=\"none\" stroke=\"#444\"/>\n");
        for (double tick : frame.x.ticks()) {
            String px = Svg.num(frame.px(tick));
            svg.append("<line x1=\"").append(px).append("\" y1=\"").append(TOP).append("\" x2=\"").append(px)
                    .append("\" y2=\"").append(plotBottom).append("\" stroke=\"#eee\"/><text x=\"").append(px)
                    .append("\" y=\"").append(plotBottom + 14).append("\" text-anchor=\"middle\">")
                    .append(Svg.num(tick)).append("</text>\n");
        }
        for (double tick : frame.y.ticks()) {
            String py = Svg.num(frame.py(tick));
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(py).append("\" x2=\"")
                    .append(WIDTH - RIGHT).append("\" y2=\"").append(py).append("\" stroke=\"#eee\"/><text x=\"")
                    .append(LEFT - 6).append("\" y=\"").append(py).append("\" dy=\"4\" text-anchor=\"end\">")
                    .append(Svg.num(tick)).append("</text>\n");
        }
        svg.append("<text x=\"").append(LEFT + (WIDTH - LEFT - RIGHT) / 2).append("\" y=\"").append(HEIGHT - 10)
                .append("\" text-anchor=\"middle\">").append(Svg.escape(chart.xLabel())).append("</text>\n");
        svg.append("<text transform=\"translate(16 ").append(TOP + (plotBottom - TOP) / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Svg.escape(chart.yLabel()))
                .append("</text>\n");
    }

    private static void series(StringBuilder svg, Series series, Frame frame) {
        svg.append("<g class=\"series\" data-name=\"").append(Svg.escape(series.name())).append("\" data-points=\"")
                .append(series.points().size()).append("\">");
        if (!series.points().isEmpty()) {
            switch (series.style()) {
                case DOTS -> {
                    svg.append("<path fill=\"none\" stroke=\"").append(series.color()).append("\" d=\"");
                    for (Point p : series.points()) {
                        svg.append('M').append(Svg.num(frame.px(p.x()))).append(' ').append(Svg.num(frame.py(p.y()) - 2))
                                .append("v4");
                    }
                    svg.append("\"/>");
                }
                case LINE, STEP -> {
                    svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(series.color())
                            .append("\" points=\"");
                    Point previous = null;
                    for (Point p : series.points()) {
                        if (series.style() == Chart.Style.STEP && previous != null) {
                            svg.append(Svg.num(frame.px(p.x()))).append(',').append(Svg.num(frame.py(previous.y())))
                                    .append(' ');
                        }
                        svg.append(Svg.num(frame.px(p.x()))).append(',').append(Svg.num(frame.py(p.y()))).append(' ');
                        previous = p;
                    }
                    svg.setLength(svg.length() - 1);
                    svg.append("\"/>");
                }
            }
        }
        svg.append("</g>\n");
    }

    /** Maps data to pixels inside the plot area. */
    private record Frame(Axis x, Axis y) {
        double px(double value) {
            return LEFT + (value - x.min) / (x.max - x.min) * (WIDTH - LEFT - RIGHT);
        }

        double py(double value) {
            return HEIGHT - BOTTOM - (value - y.min) / (y.max - y.min) * (HEIGHT - BOTTOM - TOP);
        }
    }

    /** An axis range widened to round numbers, with a round tick step (1, 2 or 5 times a power of ten). */
    private record Axis(double min, double max, double step) {
        static Axis of(double low, double high) {
            if (!(high > low)) {
                high = low + 1;
            }
            double raw = (high - low) / TICKS;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw <= magnitude ? magnitude : raw <= 2 * magnitude ? 2 * magnitude
                    : raw <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
            return new Axis(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
        }

        List<Double> ticks() {
            int count = (int) Math.round((max - min) / step);
            return java.util.stream.IntStream.rangeClosed(0, count).mapToObj(i -> min + i * step).toList();
        }
    }
}
