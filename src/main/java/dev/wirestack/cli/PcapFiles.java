package dev.wirestack.cli;

import dev.wirestack.wire.PcapWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the pcap file that a command's --pcap names. */
final class PcapFiles {
    private PcapFiles() {
    }

    /** A writer on a new (or truncated) {@code file}; a file that cannot be written is a usage error. */
    static PcapWriter create(Path file) {
        try {
            return new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
