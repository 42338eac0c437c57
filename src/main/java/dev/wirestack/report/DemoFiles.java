package dev.wirestack.report;

import dev.wirestack.sim.FrameCapture;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.PcapWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the demo and writes its report directory: {@code index.html} and one pcap file per captured interface. */
public final class DemoFiles {
    /** The interfaces captured: the client's, the server's, and the sending end of the lossy link. */
    private record Capture(String file, String node, int port) {
    }

    private static final List<Capture> CAPTURES = List.of(
            new Capture("client.pcap", "client", 0),
            new Capture("wide-area-r2.pcap", "r2", 1),
            new Capture("server.pcap", "server", 0));

    /** What was written. */
    public record Written(DemoScenario.Result result, Path index, List<Path> pcaps) {
    }

    private DemoFiles() {
    }

    public static Written write(DemoScenario.Settings settings, Path directory, DemoScenario.Progress progress)
            throws IOException {
        Files.createDirectories(directory);
        List<PcapWriter> writers = new ArrayList<>();
        List<Path> pcaps = new ArrayList<>();
        Tracer tracer = Tracer.NONE;
        DemoScenario.Result result;
        try {
            for (Capture capture : CAPTURES) {
                Path file = directory.resolve(capture.file());
                PcapWriter writer = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)));
                writers.add(writer);
                pcaps.add(file);
                tracer = tracer.andThen(FrameCapture.of(capture.node(), capture.port(), (time, frame) -> {
                    try {
                        writer.write(time, frame);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            result = DemoScenario.run(settings, tracer, progress);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            for (PcapWriter writer : writers) {
                writer.close();
            }
        }
        Path index = directory.resolve("index.html");
        String html = DemoReport.html(result, CAPTURES.stream().map(Capture::file).toList());
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return new Written(result, index, List.copyOf(pcaps));
    }
}
