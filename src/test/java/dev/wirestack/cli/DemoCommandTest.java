package dev.wirestack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
    @Test
    void printsASummaryPerLayerAndThePathOfTheReport(@TempDir Path dir) {
        Cli.Result result = Cli.run("demo", "-o", dir.toString(), "--bytes", "300000");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("Ethernet", "ARP", "IPv4", "TCP", "NewReno", "CUBIC", "goodput",
                "handshake", "close", "LINK_LOSS", "report: " + dir.resolve("index.html").toAbsolutePath());
        assertThat(result.out()).as("no colours and no progress off a terminal").doesNotContain("\u001b", "\r");
        assertThat(Files.exists(dir.resolve("index.html"))).isTrue();
    }

    @Test
    void quietPrintsOnlyThePath(@TempDir Path dir) {
        Cli.Result result = Cli.run("demo", "-q", "-o", dir.toString(), "--bytes", "100000");
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(dir.resolve("index.html").toAbsolutePath() + System.lineSeparator());
    }

    @Test
    void diagramPrintsTheHandshakeAsText(@TempDir Path dir) {
        Cli.Result result = Cli.run("demo", "--diagram", "-o", dir.toString(), "--bytes", "100000");
        assertThat(result.out()).containsPattern("\\|-+ \\[SYN] Seq=0 Win=\\d+ Len=0 -+>\\|")
                .contains("[ESTABLISHED]", "[TIME_WAIT]");
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path dir) {
        Cli.Result result = Cli.run("demo", "--loss", "1.5", "-o", dir.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("wirestack: loss is a probability");
    }
}
