package dev.wirestack.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoReportTest {
    private static final DemoScenario.Settings SMALL = new DemoScenario.Settings(5, 0.01, 256 * 1024);

    @Test
    void theDefaultDemoDeliversBothTransfersAndWritesAReport(@TempDir Path dir) throws IOException {
        DemoFiles.Written written = DemoFiles.write(DemoScenario.Settings.DEFAULT, dir, DemoScenario.Progress.NONE);
        assertThat(written.result().transfers()).extracting(DemoScenario.Transfer::congestionControl)
                .containsExactly("NewReno", "CUBIC");
        assertThat(written.result().transfers()).allMatch(DemoScenario.Transfer::intact);
        assertThat(written.result().pingReplies()).isEqualTo(3);
        assertThat(written.result().recorder().overflow()).isZero();
        String html = Files.readString(written.index());
        assertThat(html).contains("<!DOCTYPE html>", "TCP with NewReno", "TCP with CUBIC",
                "class=\"sequence-diagram\"", "class=\"state-timeline\"", "class=\"chart\"",
                "href=\"client.pcap\"", "href=\"server.pcap\"");
        for (Path pcap : written.pcaps()) {
            assertThat(Files.size(pcap)).isGreaterThan(2 * 1024 * 1024); // the whole transfer, twice
        }
        assertThat(DemoReport.summary(written.result())).anyMatch(l -> l.startsWith("Ethernet"))
                .anyMatch(l -> l.startsWith("TCP")).anyMatch(l -> l.startsWith("NewReno") && l.contains("intact"));
    }

    /** No network needed: nothing in the page points outside it but the pcap files beside it. */
    @Test
    void theReportIsSelfContained(@TempDir Path dir) throws IOException {
        String html = Files.readString(DemoFiles.write(SMALL, dir, DemoScenario.Progress.NONE).index());
        String withoutSvgNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutSvgNamespace).doesNotContain("http:", "https:", "<script", "<link", "@import");
        assertThat(withoutSvgNamespace.split("src=\"", -1)).hasSize(1);
    }

    @Test
    void theSameSeedGivesTheSameReportAndCaptures(@TempDir Path first, @TempDir Path second) throws IOException {
        DemoFiles.Written a = DemoFiles.write(SMALL, first, DemoScenario.Progress.NONE);
        DemoFiles.Written b = DemoFiles.write(SMALL, second, DemoScenario.Progress.NONE);
        assertThat(Files.readAllBytes(b.index())).isEqualTo(Files.readAllBytes(a.index()));
        for (int i = 0; i < a.pcaps().size(); i++) {
            assertThat(Files.readAllBytes(b.pcaps().get(i))).isEqualTo(Files.readAllBytes(a.pcaps().get(i)));
        }
    }

    @Test
    void anotherSeedGivesAnotherRun(@TempDir Path first, @TempDir Path second) throws IOException {
        DemoFiles.Written a = DemoFiles.write(SMALL, first, DemoScenario.Progress.NONE);
        DemoFiles.Written b = DemoFiles.write(new DemoScenario.Settings(6, 0.01, 256 * 1024), second,
                DemoScenario.Progress.NONE);
        assertThat(Files.readAllBytes(b.pcaps().get(1))).isNotEqualTo(Files.readAllBytes(a.pcaps().get(1)));
    }
}
