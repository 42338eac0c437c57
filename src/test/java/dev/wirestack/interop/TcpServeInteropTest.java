package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.KERNEL;
import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Transfers.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirestack serve --echo --discard} on a TAP, with the kernel's TCP as its client through socat: bulk echo
 * and discard, many connections at once, a refused port, half-close from the kernel's side, and a SYN flood. After
 * them the kernel has no connection stuck half-closed, and serve stops with exit code 0.
 */
@Tag("interop")
class TcpServeInteropTest {
    private static final int ECHO_PORT = 7;
    private static final int DISCARD_PORT = 9;
    private static final int CLOSED_PORT = 13;
    private static Namespace namespace;
    private static Wirestack.Running server;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startServer() {
        namespace = Namespace.create();
        server = Wirestack.serve(namespace, "--echo", String.valueOf(ECHO_PORT), "--discard",
                String.valueOf(DISCARD_PORT));
    }

    @AfterAll
    static void stopServer() {
        try {
            if (server != null) {
                Namespace.Result stopped = server.stopAfterCleanCloses(namespace);
                assertThat(stopped.out())
                        .contains("wirestack: echo connection from " + KERNEL + ":")
                        .contains("wirestack: discard connection from " + KERNEL + ":")
                        .containsPattern("wirestack: stopped; .* tcp connections");
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    @Test
    void theReadyLineNamesTheTcpServices() {
        assertThat(server.readyLine()).endsWith("; tcp echo on port 7; tcp discard on port 9");
    }

    /** socat sends the file, half-closes (the kernel's FIN) and reads the echo to its end: Wirestack's FIN. */
    @Test
    void tenMebibytesOfRandomBytesEchoBackByteExact() {
        Transfers.assertEchoedByteExact(namespace, directory, "echo-10m", 10 * MIB, 10, ECHO_PORT);
    }

    @Test
    void twentyConnectionsAtOnceEachGetTheirOwnBytesBack() {
        List<Path> sent = new ArrayList<>();
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Path file = Transfers.randomFile(directory, "parallel-" + i, 512 * 1024, 100 + i);
            sent.add(file);
            clients.add(namespace.start("socat", "-b", "65536", "-t", "30", "-T", "30",
                    "FILE:" + file + "!!CREATE:" + file + ".back", "TCP:" + WIRESTACK + ":" + ECHO_PORT));
        }

        for (int i = 0; i < 20; i++) { // all twenty run at once; their outcomes are read in turn
            Namespace.Result result = Namespace.await(clients.get(i), null, Namespace.COMMAND_TIMEOUT, "socat " + i);
            assertThat(result.code()).as(result.all()).isZero();
            Transfers.assertSameBytes(Path.of(sent.get(i) + ".back"), sent.get(i));
        }
    }

    /** The kernel's sender against Wirestack's receiver: socat ends cleanly only if every byte was taken. */
    @Test
    void sixtyFourMebibytesFromTheKernelAreDiscarded() {
        Transfers.assertDiscarded(namespace, server, directory, "discard-64m", 64 * MIB, 64, DISCARD_PORT);
    }

    @Test
    void aClosedPortRefusesAtOnce() {
        long start = System.nanoTime();
        Namespace.Result refused = namespace.exec("socat", "-u", "-", "TCP:" + WIRESTACK + ":" + CLOSED_PORT);

        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("Connection refused");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused by RST, not after retries")
                .isLessThan(Duration.ofSeconds(5));
    }

    /** A bounded flood: 20,000 SYNs, 10 µs apart, from the kernel's address; then ping and echo still work. */
    @Test
    void aSynFloodLeavesWirestackAnsweringPingAndEcho() {
        Namespace.Result flood = namespace.exec("timeout", "30", "hping3", "-q", "-S", "-p",
                String.valueOf(ECHO_PORT), "-c", "20000", "-i", "u10", WIRESTACK);

        assertThat(flood.all()).contains("20000 packets transmitted");
        String tapAfterFlood = Transfers.awaitQuietTap(namespace, 20);
        Namespace.Result ping = namespace.exec("ping", "-c", "3", "-i", "0.2", "-W", "5", WIRESTACK);
        assertThat(ping.out()).as("%s%nTAP after the flood:%n%s", ping.all(), tapAfterFlood)
                .contains("3 packets transmitted, 3 received, 0% packet loss");
        Namespace.Result echo = namespace.exec("still here".getBytes(), "socat", "-t", "10", "-",
                "TCP:" + WIRESTACK + ":" + ECHO_PORT);
        assertThat(echo.out()).as(echo.all()).isEqualTo("still here");
        assertThat(server.isAlive()).isTrue();
    }
}
