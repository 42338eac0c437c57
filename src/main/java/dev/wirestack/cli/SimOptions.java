package dev.wirestack.cli;

import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.PcapWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code wirestack sim} command shares: impairment, seed and capture of the built-in network. */
final class SimOptions {

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
            description = "probability (0 to 1) that the lossy wide-area link loses a frame (default ${DEFAULT-VALUE})")
    double loss;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the simulation: the same seed gives the same run (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write the client's interface to this pcap file")
    Path pcap;

    /** A capture of the client's interface, or null without --pcap. */
    PcapWriter openCapture() {
        return pcap == null ? null : PcapFiles.create(pcap);
    }

    /** Builds the built-in network, validating the options first (bad ones are usage errors). */
    ReferenceNetwork buildNetwork(PcapWriter capture) {
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("--loss is a probability from 0 to 1, not " + loss);
        }
        Tracer tracer = capture == null ? Tracer.NONE : FrameCapture.of("client", 0, (time, frame) -> {
            try {
                capture.write(time, frame);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new ReferenceNetwork(seed, loss, tracer);
    }

    static void close(PcapWriter capture) {
        if (capture != null) {
            try {
                capture.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
