package dev.wirestack.report;

import dev.wirestack.report.SequenceDiagram.Arrow;
import dev.wirestack.report.SequenceDiagram.Gap;
import dev.wirestack.report.SequenceDiagram.Item;
import dev.wirestack.report.SequenceDiagram.StateNote;

/**
 * Draws a {@link SequenceDiagram} as SVG: lanes as vertical lines, one row per item from top to bottom, each arrow
 * slanting down a little (time passes while a frame travels), lost frames as dashed red arrows that stop short with a
 * cross, TCP states in boxes on their lane. The time each row happened is written on the left.
 *
 * <p>Every arrow is a {@code <g class="arrow">} (or {@code "arrow lost"}), every state a {@code <g class="state">},
 * so that tests and style sheets can find them.
 */
public final class SequenceDiagramSvg {
    private static final int TIME_COLUMN = 90;
    private static final int MARGIN = 60;
    private static final int HEADER = 40;
    private static final int ROW = 26;
    private static final int SLANT = 10;
    private static final double LOST_FRACTION = 0.55;

    private SequenceDiagramSvg() {
    }

    public static String render(SequenceDiagram diagram) {
        int lanes = diagram.lanes().size();
        int gap = lanes <= 2 ? 480 : Math.max(280, 1120 / (lanes - 1));
        int width = TIME_COLUMN + MARGIN * 2 + gap * (lanes - 1);
        int height = HEADER + ROW * (diagram.items().size() + 1);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sequence-diagram\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        svg.append("<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1f4e79\"/>"
                + "</marker></defs>\n");
        for (int lane = 0; lane < lanes; lane++) {
            int x = laneX(lane, gap);
            svg.append("<text x=\"").append(x).append("\" y=\"20\" text-anchor=\"middle\" font-weight=\"bold\" "
                    + "font-size=\"13\">").append(Svg.escape(diagram.lanes().get(lane))).append("</text>\n");
            svg.append("<line x1=\"").append(x).append("\" y1=\"").append(HEADER - 10).append("\" x2=\"").append(x)
                    .append("\" y2=\"").append(height).append("\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
        }
        int y = HEADER;
        for (Item item : diagram.items()) {
            y += ROW;
            switch (item) {
                case Arrow arrow -> arrow(svg, arrow, gap, y);
                case StateNote note -> state(svg, note, gap, y);
                case Gap skipped -> svg.append("<text class=\"gap\" x=\"").append(width / 2).append("\" y=\"")
                        .append(y).append("\" text-anchor=\"middle\" fill=\"#666\">⋮ ").append(skipped.arrows())
                        .append(" more frames not drawn ⋮</text>\n");
            }
            if (!(item instanceof Gap)) {
                svg.append("<text x=\"4\" y=\"").append(y).append("\" fill=\"#777\">")
                        .append(Svg.millis(item.timeNanos())).append("</text>\n");
            }
        }
        return svg.append("</svg>\n").toString();
    }

    private static int laneX(int lane, int gap) {
        return TIME_COLUMN + MARGIN + lane * gap;
    }

    private static void arrow(StringBuilder svg, Arrow arrow, int gap, int y) {
        double x1 = laneX(arrow.from(), gap);
        double x2 = laneX(arrow.to(), gap);
        double y2 = y + SLANT;
        if (arrow.lost()) {
            x2 = x1 + (x2 - x1) * LOST_FRACTION;
            y2 = y + SLANT * LOST_FRACTION;
        }
        String color = arrow.lost() ? "#c00000" : "#1f4e79";
        svg.append("<g class=\"arrow").append(arrow.lost() ? " lost" : "").append("\"><line x1=\"")
                .append(Svg.num(x1)).append("\" y1=\"").append(y).append("\" x2=\"").append(Svg.num(x2))
                .append("\" y2=\"").append(Svg.num(y2)).append("\" stroke=\"").append(color).append('"');
        if (arrow.lost()) {
            svg.append(" stroke-dasharray=\"5 3\"/><text x=\"").append(Svg.num(x2)).append("\" y=\"")
                    .append(Svg.num(y2 + 4)).append("\" text-anchor=\"middle\" fill=\"").append(color)
                    .append("\" font-size=\"14\">✕</text>");
        } else {
            svg.append(" marker-end=\"url(#head)\"/>");
        }
        double middle = (laneX(arrow.from(), gap) + laneX(arrow.to(), gap)) / 2.0;
        svg.append("<text x=\"").append(Svg.num(middle)).append("\" y=\"").append(y - 3)
                .append("\" text-anchor=\"middle\" fill=\"").append(color).append("\">")
                .append(Svg.escape(arrow.label())).append(arrow.lost() ? " — lost" : "").append("</text></g>\n");
    }

    private static void state(StringBuilder svg, StateNote note, int gap, int y) {
        int x = laneX(note.lane(), gap);
        int boxWidth = 8 + 7 * note.state().length();
        svg.append("<g class=\"state\"><rect x=\"").append(x - boxWidth / 2).append("\" y=\"").append(y - 12)
                .append("\" width=\"").append(boxWidth).append("\" height=\"16\" rx=\"4\" fill=\"#fff4d6\" "
                        + "stroke=\"#c9a227\"/><text x=\"").append(x).append("\" y=\"").append(y)
                .append("\" text-anchor=\"middle\">").append(Svg.escape(note.state())).append("</text></g>\n");
    }
}
