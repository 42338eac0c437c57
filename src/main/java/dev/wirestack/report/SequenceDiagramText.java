package dev.wirestack.report;

import dev.wirestack.report.SequenceDiagram.Arrow;
import dev.wirestack.report.SequenceDiagram.Gap;
import dev.wirestack.report.SequenceDiagram.Item;
import dev.wirestack.report.SequenceDiagram.StateNote;
import java.util.Arrays;

/**
 * Draws a {@link SequenceDiagram} as plain text for a terminal: one line per item, lanes as {@code |} columns,
 * arrows as {@code ----->} with the label inside, lost frames as {@code ------x} stopping short, states in brackets.
 *
 * <pre>
 *             client                                                     server
 *   0.000 ms    |----------- [SYN] Seq=0 Win=65535 Len=0 --------------->|
 * </pre>
 */
public final class SequenceDiagramText {
    private static final int TIME_COLUMN = 12;
    private static final int MAX_GAP = 84;
    private static final double LOST_FRACTION = 0.55;

    private SequenceDiagramText() {
    }

    public static String render(SequenceDiagram diagram) {
        int lanes = diagram.lanes().size();
        int longest = diagram.arrows().stream().mapToInt(a -> a.label().length() + 8).max().orElse(20);
        int gap = Math.clamp(longest / Math.max(1, spanOfLongest(diagram)), 20, MAX_GAP);
        int width = TIME_COLUMN + 4 + gap * (lanes - 1) + 16;
        StringBuilder text = new StringBuilder();
        char[] header = blank(width);
        for (int lane = 0; lane < lanes; lane++) {
            String name = diagram.lanes().get(lane);
            put(header, column(lane, gap) - name.length() / 2, name);
        }
        text.append(trimEnd(header)).append('\n');
        for (Item item : diagram.items()) {
            char[] line = blank(width);
            for (int lane = 0; lane < lanes; lane++) {
                line[column(lane, gap)] = '|';
            }
            switch (item) {
                case Arrow arrow -> arrow(line, arrow, gap);
                case StateNote note -> {
                    String box = "[" + note.state() + "]";
                    put(line, column(note.lane(), gap) + 2, box);
                }
                case Gap skipped -> {
                    String what = "... " + skipped.arrows() + " more frames not drawn ...";
                    put(line, column(0, gap) + 2, what);
                }
            }
            if (!(item instanceof Gap)) {
                put(line, 0, String.format(java.util.Locale.ROOT, "%9.3f ms", item.timeNanos() / 1e6));
            }
            text.append(trimEnd(line)).append('\n');
        }
        return text.toString();
    }

    /** How many lane gaps the widest-labelled arrow spans (labels must fit between its ends). */
    private static int spanOfLongest(SequenceDiagram diagram) {
        return diagram.arrows().stream()
                .max((a, b) -> Integer.compare(a.label().length(), b.label().length()))
                .map(a -> Math.abs(a.to() - a.from())).orElse(1);
    }

    private static void arrow(char[] line, Arrow arrow, int gap) {
        int from = column(arrow.from(), gap);
        int to = column(arrow.to(), gap);
        int direction = Integer.signum(to - from);
        int end = arrow.lost() ? from + (int) Math.round((to - from) * LOST_FRACTION) : to - direction;
        for (int x = from + direction; x != end; x += direction) {
            line[x] = '-';
        }
        line[end] = arrow.lost() ? 'x' : (direction > 0 ? '>' : '<');
        String label = " " + arrow.label() + " ";
        int room = Math.abs(end - from) - 3;
        if (label.length() > room) {
            label = room > 4 ? label.substring(0, room - 2) + "… " : "";
        }
        int left = Math.min(from, end);
        put(line, left + 2 + (Math.abs(end - from) - 2 - label.length()) / 2, label);
    }

    private static int column(int lane, int gap) {
        return TIME_COLUMN + 4 + lane * gap;
    }

    private static char[] blank(int width) {
        char[] line = new char[width];
        Arrays.fill(line, ' ');
        return line;
    }

    private static void put(char[] line, int at, String text) {
        for (int i = 0; i < text.length() && at + i < line.length; i++) {
            if (at + i >= 0) {
                line[at + i] = text.charAt(i);
            }
        }
    }

    private static String trimEnd(char[] line) {
        int end = line.length;
        while (end > 0 && line[end - 1] == ' ') {
            end--;
        }
        return new String(line, 0, end);
    }
}
