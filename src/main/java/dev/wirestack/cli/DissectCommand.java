package dev.wirestack.cli;

import dev.wirestack.trace.FrameDissector;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.PcapReader;
import dev.wirestack.wire.PcapRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wirestack dissect FILE.pcap}: every frame of a capture, layer by layer. */
@Command(name = "dissect", mixinStandardHelpOptions = true,
        description = "Prints each frame of a pcap file layer by layer: Ethernet, ARP, IPv4, ICMP, UDP, TCP.")
final class DissectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "a classic pcap file of Ethernet frames")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (PcapReader reader = new PcapReader(new BufferedInputStream(Files.newInputStream(file)))) {
            long firstTime = -1;
            int number = 0;
            for (PcapRecord record = reader.next(); record != null; record = reader.next()) {
                number++;
                if (firstTime < 0) {
                    firstTime = record.timeNanos();
                }
                long relative = record.timeNanos() - firstTime;
                out.printf("Frame %d: %d bytes at %d.%09d s%n", number, record.frame().length,
                        relative / 1_000_000_000L, relative % 1_000_000_000L);
                for (String line : FrameDissector.dissect(record.frame())) {
                    out.println("  " + line);
                }
            }
            return 0;
        } catch (NoSuchFileException missing) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (MalformedPacketException malformed) {
            throw new IllegalArgumentException("not a readable pcap file: " + file + ": "
                    + malformed.problem().describe());
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read " + file + ": " + unreadable.getMessage(), unreadable);
        }
    }
}
