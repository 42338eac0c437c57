package dev.wirestack.cli;

import dev.wirestack.http.client.BodyProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The download progress line of {@code wirestack get} on a terminal: bytes so far, of how many, a bar, the rate.
 * The loop thread reports ({@link #received}); the command's own thread redraws ({@link #draw}) a few times a
 * second, so the loop never waits on the terminal.
 */
final class ProgressBar implements BodyProgress {
    private static final int WIDTH = 30;

    private final PrintWriter terminal;
    private final long startNanos = System.nanoTime();
    private volatile long bytes;
    private volatile long expected = -1;

    ProgressBar(PrintWriter terminal) {
        this.terminal = terminal;
    }

    @Override
    public void received(long bytesSoFar, long expectedBytes) {
        expected = expectedBytes;
        bytes = bytesSoFar;
    }

    /** Redraws the line in place (a carriage return, no new line). */
    void draw() {
        long now = bytes;
        long total = expected;
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        String rate = mebibytes(now / seconds) + "/s";
        String line;
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, now * WIDTH / total);
            line = String.format(Locale.ROOT, "%s / %s [%s%s] %3d%% %s", mebibytes(now), mebibytes(total),
                    "#".repeat(filled), " ".repeat(WIDTH - filled), now * 100 / total, rate);
        } else {
            line = mebibytes(now) + " " + rate;
        }
        terminal.print("\r" + line + "  ");
        terminal.flush();
    }

    /** The last redraw, and the new line that ends it. */
    void finish() {
        draw();
        terminal.println();
        terminal.flush();
    }

    private static String mebibytes(double bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1 << 20));
    }
}
