package dev.wirestack.scenario;

import dev.wirestack.report.DemoScenario;
import dev.wirestack.report.PcapCaptures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a scenario and writes its report directory: {@code index.html} and a pcap file per end host. */
public final class ScenarioFiles {
    /** What was written. */
    public record Written(ScenarioRunner.Result result, Path index, List<Path> pcaps) {
    }

    private ScenarioFiles() {
    }

    public static Written write(Scenario scenario, Path directory, DemoScenario.Progress progress)
            throws IOException {
        Files.createDirectories(directory);
        List<PcapCaptures.Capture> captures = scenario.endHosts().stream()
                .map(host -> new PcapCaptures.Capture(host + ".pcap", host, 0)).toList();
        ScenarioRunner.Result result;
        List<Path> pcaps;
        try (PcapCaptures pcap = new PcapCaptures(directory, captures)) {
            result = ScenarioRunner.run(scenario, pcap.tracer(), progress);
            pcaps = pcap.files();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path index = directory.resolve("index.html");
        Files.writeString(index, ScenarioReport.html(result, captures.stream().map(PcapCaptures.Capture::file)
                .toList()), StandardCharsets.UTF_8);
        return new Written(result, index, pcaps);
    }
}
