package dev.wirestack.report;

import dev.wirestack.sim.FrameCapture;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.PcapWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pcap files of some interfaces of a simulated run, one file each: a {@link Tracer} that writes the frames a node's
 * port sends and receives. Close it when the run ends; a write that fails surfaces from {@link #close}.
 */
public final class PcapCaptures implements AutoCloseable {
    /** The frames of {@code port} of {@code node} go to {@code file} (a name inside the directory). */
    public record Capture(String file, String node, int port) {
    }

    private final List<PcapWriter> writers = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private Tracer tracer = Tracer.NONE;
    private IOException failure;

    public PcapCaptures(Path directory, List<Capture> captures) throws IOException {
        try {
            for (Capture capture : captures) {
                Path file = directory.resolve(capture.file());
                PcapWriter writer = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)));
                writers.add(writer);
                files.add(file);
                tracer = tracer.andThen(FrameCapture.of(capture.node(), capture.port(), (time, frame) -> {
                    try {
                        writer.write(time, frame);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    public Tracer tracer() {
        return tracer;
    }

    public List<Path> files() {
        return List.copyOf(files);
    }

    @Override
    public void close() throws IOException {
        for (PcapWriter writer : writers) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        writers.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
