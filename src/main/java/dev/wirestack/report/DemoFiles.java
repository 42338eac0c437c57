package dev.wirestack.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the demo and writes its report directory: {@code index.html} and one pcap file per captured interface. */
public final class DemoFiles {
    /** The interfaces captured: the client's, the server's, and the sending end of the lossy link. */
    private static final List<PcapCaptures.Capture> CAPTURES = List.of(
            new PcapCaptures.Capture("client.pcap", "client", 0),
            new PcapCaptures.Capture("wide-area-r2.pcap", "r2", 1),
            new PcapCaptures.Capture("server.pcap", "server", 0));

    /** What was written. */
    public record Written(DemoScenario.Result result, Path index, List<Path> pcaps) {
    }

    private DemoFiles() {
    }

    public static Written write(DemoScenario.Settings settings, Path directory, DemoScenario.Progress progress)
            throws IOException {
        Files.createDirectories(directory);
        DemoScenario.Result result;
        List<Path> pcaps;
        try (PcapCaptures captures = new PcapCaptures(directory, CAPTURES)) {
            result = DemoScenario.run(settings, captures.tracer(), progress);
            pcaps = captures.files();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path index = directory.resolve("index.html");
        String html = DemoReport.html(result, CAPTURES.stream().map(PcapCaptures.Capture::file).toList());
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return new Written(result, index, pcaps);
    }
}
