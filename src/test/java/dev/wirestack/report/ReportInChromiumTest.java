package dev.wirestack.report;

import dev.wirestack.testing.RequiredTools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the demo's report in headless Chromium: it must load with no console message, and its diagrams and charts
 * must be in the page and not empty. Outside CI this skips when Chromium is not installed; with {@code CI=true} it
 * must run.
 */
class ReportInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 120;

    @Test
    void theReportLoadsWithoutConsoleErrorsAndShowsItsDrawings(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            RequiredTools.unavailable("Chromium is not installed at " + CHROMIUM + " (apt-get install chromium)");
        }
        Path index = DemoFiles.write(new DemoScenario.Settings(2, 0.02, 512 * 1024), dir.resolve("report"),
                DemoScenario.Progress.NONE).index();

        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0", "--dump-dom",
                index.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        try {
            assertThat(chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("Chromium finished").isTrue();
        } finally {
            chromium.destroyForcibly();
        }
        assertThat(chromium.exitValue()).as(Files.readString(log)).isZero();

        // Chromium logs every console message (errors, uncaught exceptions) as a CONSOLE line.
        List<String> console = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains(":CONSOLE")).toList();
        assertThat(console).isEmpty();

        String page = Files.readString(dom);
        assertThat(count(page, "<svg[^>]*class=\"sequence-diagram\"")).isEqualTo(3);
        assertThat(count(page, "<svg[^>]*class=\"state-timeline\"")).isEqualTo(2);
        assertThat(count(page, "<svg[^>]*class=\"chart\"")).isEqualTo(8);
        assertThat(count(page, "<g class=\"arrow")).isGreaterThan(100);
        assertThat(count(page, "<g class=\"arrow lost\">")).isPositive();
        assertThat(count(page, "data-points=\"[1-9]")).as("series with points").isGreaterThanOrEqualTo(8);
        assertThat(page).doesNotContain(">no data<");
    }

    private static long count(String text, String regex) {
        return Pattern.compile(regex).matcher(text).results().count();
    }
}
