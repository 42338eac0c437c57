package dev.wirestack.wire;

import dev.wirestack.testing.RequiredTools;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Has tshark dissect a pcap file with checksum validation on, and counts what it finds wrong. Tests of any
 * package use it to prove that what Wirestack writes is what Wireshark calls valid.
 *
 * <p>Without tshark the calling test is skipped with the reason, unless the environment variable CI is "true":
 * then it fails, so a CI run can never pass by skipping.
 */
public final class TsharkCheck {
    /** Wireshark's expert-info group for checksum problems (PI_CHECKSUM in epan/proto.h). */
    private static final String GROUP_CHECKSUM = "16777216";
    /** PI_MALFORMED: the dissector hit a malformed packet. */
    private static final String GROUP_MALFORMED = "117440512";
    /** PI_ERROR. */
    private static final String SEVERITY_ERROR = "8388608";
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * What tshark found.
     *
     * @param frames          how many frames it read
     * @param malformedFrames frames on which a dissector reported a malformed packet
     * @param badChecksums    checksum errors (IPv4, ICMP, UDP, TCP), over all frames
     * @param messages        every expert message, prefixed by its frame number, for assertion failure output
     */
    public record Result(int frames, int malformedFrames, int badChecksums, List<String> messages) {
        public boolean isClean() {
            return malformedFrames == 0 && badChecksums == 0;
        }
    }

    private TsharkCheck() {
    }

    public static Result check(Path pcap) {
        Path tshark = findTshark();
        List<String> command = List.of(tshark.toString(), "-n", "-r", pcap.toString(),
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
                "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=;",
                "-e", "frame.number", "-e", "_ws.malformed", "-e", "_ws.expert.group", "-e", "_ws.expert.severity",
                "-e", "_ws.expert.message");
        try {
            Path errors = Files.createTempFile("tshark", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("tshark did not finish within " + TIMEOUT_SECONDS + " s on " + pcap);
                }
                if (process.exitValue() != 0) {
                    fail("tshark exited with " + process.exitValue() + " on " + pcap + ": " + Files.readString(errors));
                }
                return parse(output);
            } finally {
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            return fail("could not run " + command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for tshark");
        }
    }

    /** Fails the calling test with tshark's messages unless it found no malformed frame and no bad checksum. */
    public static Result assertClean(Path pcap) {
        Result result = check(pcap);
        if (!result.isClean()) {
            fail("tshark found " + result.malformedFrames() + " malformed frame(s) and " + result.badChecksums()
                    + " bad checksum(s) in " + pcap + ":\n  " + String.join("\n  ", result.messages()));
        }
        return result;
    }

    static Result parse(String output) {
        int frames = 0;
        int malformed = 0;
        int badChecksums = 0;
        List<String> messages = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\\|", 5);
            frames++;
            String[] groups = part(fields, 2).split(";");
            String[] severities = part(fields, 3).split(";");
            boolean frameMalformed = !part(fields, 1).isEmpty();
            for (int i = 0; i < groups.length; i++) {
                String severity = i < severities.length ? severities[i] : "";
                frameMalformed |= groups[i].equals(GROUP_MALFORMED);
                if (groups[i].equals(GROUP_CHECKSUM) && severity.equals(SEVERITY_ERROR)) {
                    badChecksums++;
                }
            }
            if (frameMalformed) {
                malformed++;
            }
            if (!part(fields, 4).isEmpty()) {
                messages.add("frame " + fields[0] + ": " + part(fields, 4));
            }
        }
        return new Result(frames, malformed, badChecksums, List.copyOf(messages));
    }

    private static String part(String[] fields, int index) {
        return index < fields.length ? fields[index].strip() : "";
    }

    private static Path findTshark() {
        return RequiredTools.require("tshark", "Wireshark's command-line dissector: apt-get install tshark");
    }
}
