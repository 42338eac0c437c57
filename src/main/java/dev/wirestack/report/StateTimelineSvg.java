package dev.wirestack.report;

import dev.wirestack.trace.TraceEvent;
import java.util.List;
import java.util.TreeSet;

/**
 * Draws the TCP state timeline of a connection: one row per side, a coloured bar per state from the time it was
 * entered to the next change. States last from microseconds (SYN_SENT on a LAN) to seconds (ESTABLISHED), so the
 * time axis is piecewise: every interval between two changes gets a minimum width that fits a state's name, plus a
 * share of the rest in proportion to its duration. The time of each change is written under the bars.
 *
 * <p>Each bar is a {@code <g class="state" data-state="...">}.
 */
public final class StateTimelineSvg {
    private static final int LABEL_COLUMN = 260;
    private static final int MIN_INTERVAL = 96;
    private static final int PROPORTIONAL_WIDTH = 480;
    private static final int ROW = 34;
    private static final int TOP = 10;

    private StateTimelineSvg() {
    }

    public static String render(List<ConnectionTrace> sides) {
        TreeSet<Long> times = new TreeSet<>();
        sides.forEach(side -> side.states().forEach(s -> times.add(s.timeNanos())));
        List<Long> breaks = List.copyOf(times);
        long span = breaks.isEmpty() ? 1 : Math.max(1, breaks.getLast() - breaks.getFirst());
        double[] xs = new double[breaks.size()];
        double x = LABEL_COLUMN;
        for (int i = 0; i < breaks.size(); i++) {
            xs[i] = x;
            if (i + 1 < breaks.size()) {
                x += MIN_INTERVAL + PROPORTIONAL_WIDTH * (double) (breaks.get(i + 1) - breaks.get(i)) / span;
            }
        }
        int width = (int) Math.ceil(x) + MIN_INTERVAL + 10;
        int height = TOP + ROW * sides.size() + 40;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"state-timeline\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        for (int row = 0; row < sides.size(); row++) {
            ConnectionTrace side = sides.get(row);
            int y = TOP + row * ROW;
            svg.append("<text x=\"4\" y=\"").append(y + 16).append("\">").append(Svg.escape(side.id().toString()))
                    .append("</text>\n");
            List<TraceEvent.TcpStateChanged> states = side.states();
            for (int i = 0; i < states.size(); i++) {
                TraceEvent.TcpStateChanged change = states.get(i);
                double from = xs[breaks.indexOf(change.timeNanos())];
                double to = i + 1 < states.size() ? xs[breaks.indexOf(states.get(i + 1).timeNanos())]
                        : x + MIN_INTERVAL;
                svg.append("<g class=\"state\" data-state=\"").append(change.to()).append("\"><rect x=\"")
                        .append(Svg.num(from)).append("\" y=\"").append(y).append("\" width=\"")
                        .append(Svg.num(Math.max(1, to - from))).append("\" height=\"22\" fill=\"")
                        .append(color(change.to())).append("\" stroke=\"#fff\"/><text x=\"")
                        .append(Svg.num(from + 3)).append("\" y=\"").append(y + 15).append("\">")
                        .append(change.to()).append("</text></g>\n");
            }
        }
        int axisY = TOP + ROW * sides.size() + 12;
        for (int i = 0; i < breaks.size(); i++) {
            svg.append("<text x=\"").append(Svg.num(xs[i])).append("\" y=\"").append(axisY + (i % 2) * 12)
                    .append("\" fill=\"#555\" font-size=\"9\">").append(Svg.millis(breaks.get(i))).append("</text>\n");
        }
        return svg.append("</svg>\n").toString();
    }

    /** Opening states in blue, the data state in green, closing states in amber, the end in grey. */
    private static String color(String state) {
        return switch (state) {
            case "LISTEN", "SYN_SENT", "SYN_RECEIVED" -> "#9ecae1";
            case "ESTABLISHED" -> "#a1d99b";
            case "CLOSED" -> "#d9d9d9";
            case "TIME_WAIT" -> "#fdae6b";
            default -> "#fdd0a2";
        };
    }
}
