package dev.wirestack.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Bulk data for the TCP interop tests: seeded random files, their SHA-256, the shell lines that move them through
 * the kernel's tools and {@code wirestack nc}, and the kernel's view of its TCP connections.
 */
final class Transfers {
    static final int MIB = 1 << 20;
    /** The kernel side's listening port for Wirestack's uploads. */
    static final int KERNEL_PORT = 5001;

    private Transfers() {
    }

    /** A file of {@code size} seeded random bytes. */
    static Path randomFile(Path directory, String name, int size, long seed) {
        Path file = directory.resolve(name);
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += chunk.length) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        chunk[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(chunk, 0, Math.min(chunk.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String sha256(Path file) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that two files hold the same bytes, by size and SHA-256. */
    static void assertSameBytes(Path received, Path sent) {
        try {
            assertThat(Files.size(received)).as("bytes received").isEqualTo(Files.size(sent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sha256(received)).as("SHA-256 of what arrived").isEqualTo(sha256(sent));
    }

    /** {@code sh -c} running {@code wirestack args...} with standard input and output redirected to files. */
    /**
     * Sends {@code size} random bytes to Wirestack's echo service on {@code port} with socat, which half-closes at the
     * end of the file and reads the echo to Wirestack's FIN, and asserts the echo is byte-exact.
     */
    static void assertEchoedByteExact(Namespace namespace, Path directory, String name, int size, long seed,
                                      int port) {
        Path sent = randomFile(directory, name, size, seed);
        Path back = directory.resolve(name + ".back");

        Namespace.Result echo = namespace.exec("socat", "-b", "65536", "-t", "30", "-T", "30",
                "FILE:" + sent + "!!CREATE:" + back, "TCP:" + Namespace.WIRESTACK + ":" + port);

        assertThat(echo.code()).as(echo.all()).isZero();
        assertSameBytes(back, sent);
    }

    /**
     * Sends {@code size} random bytes to serve's discard service on {@code port} with socat and asserts that serve
     * counted every one. socat may exit while the kernel still sends what it queued: the end is when Wirestack reads
     * the FIN and prints the count.
     */
    static void assertDiscarded(Namespace namespace, Wirestack.Running server, Path directory, String name, int size,
                                long seed, int port) {
        Path sent = randomFile(directory, name, size, seed);

        Namespace.Result discard = namespace.exec("socat", "-b", "65536", "-u", "-T", "30", "FILE:" + sent,
                "TCP:" + Namespace.WIRESTACK + ":" + port + ",linger=30");

        assertThat(discard.code()).as(discard.all()).isZero();
        String ended = server.awaitLine("wirestack: discarded ", Duration.ofSeconds(60));
        assertThat(ended).as("every byte reached the discard service")
                .startsWith("wirestack: discarded " + size + " bytes from " + Namespace.KERNEL + ":");
    }

    static String[] wirestackShell(Path stdin, Path stdout, String... args) {
        String line = Stream.of(Wirestack.command(args)).map(Transfers::quote).collect(Collectors.joining(" "))
                + " < " + quote(stdin.toString()) + " > " + quote(stdout.toString());
        return new String[] {"sh", "-c", "exec " + line};
    }

    /** Waits (bounded) until a kernel socket in the namespace listens on {@code port}: a socket state, not a sleep. */
    static void awaitKernelListening(Namespace namespace, int port) {
        long deadline = System.nanoTime() + Namespace.COMMAND_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!namespace.run("ss", "-Hltn", "sport = :" + port).isBlank()) {
                return;
            }
        }
        fail("nothing listened on port " + port + " in time");
    }

    /**
     * The kernel's TCP connections in the namespace that are stuck half-way through a close: CLOSE-WAIT (the
     * kernel's application never closed), FIN-WAIT-1/2 (Wirestack never sent its FIN or acknowledged ours), or
     * LAST-ACK (Wirestack never acknowledged the kernel's FIN).
     */
    static List<String> halfClosedConnections(Namespace namespace) {
        return namespace.run("ss", "-Htan").lines()
                .filter(line -> line.startsWith("CLOSE-WAIT") || line.startsWith("FIN-WAIT")
                        || line.startsWith("LAST-ACK"))
                .toList();
    }

    /**
     * Waits (bounded, {@code seconds}) until no connection is stuck half-way through a close, as the last
     * segments of a close may still be on their way; returns those left at the end.
     */
    static List<String> awaitNoHalfClosedConnections(Namespace namespace, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<String> left = halfClosedConnections(namespace);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            left = halfClosedConnections(namespace);
        }
        return left;
    }

    /**
     * Waits, up to {@code seconds}, until the TAP's frame counters stop moving for a tenth of a second: a flood's
     * backlog (the TAP's queue towards Wirestack, the kernel's input backlog of frames Wirestack wrote) is drained,
     * so that what follows is not dropped by a queue still full of it. Returns the interface's statistics.
     */
    static String awaitQuietTap(Namespace namespace, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        String before = tapCounters(namespace);
        long settledSince = System.nanoTime();
        while (System.nanoTime() < deadline && System.nanoTime() - settledSince < 100_000_000L) {
            String now = tapCounters(namespace);
            if (!now.equals(before)) {
                before = now;
                settledSince = System.nanoTime();
            }
        }
        return namespace.exec("ip", "-s", "link", "show", "dev", Namespace.TAP).out();
    }

    private static String tapCounters(Namespace namespace) {
        String statistics = "/sys/class/net/" + Namespace.TAP + "/statistics/";
        return namespace.exec("cat", statistics + "rx_packets", statistics + "tx_packets").out();
    }

    private static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
