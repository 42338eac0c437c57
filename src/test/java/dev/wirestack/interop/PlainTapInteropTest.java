package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Transfers.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TAP without offloads ({@code --no-offload}): one wire-sized frame per system call, each with its checksums
 * complete. The other interop tests run with offloads, the default: the kernel hands Wirestack TCP segments of up to
 * 64 KiB with their checksums left to finish, and takes Wirestack's large and merged segments the same way (the
 * kernel trusts such checksums, so their byte-exact transfers both ways prove the merging and the finishing right).
 */
@Tag("interop")
class PlainTapInteropTest {
    private static final int ECHO_PORT = 7;
    private static final int DISCARD_PORT = 9;
    private static Namespace namespace;
    private static Wirestack.Running server;
    /** Where {@code wirestack nc} runs: serve holds the other namespace's TAP. */
    private static Namespace ncNamespace;

    @TempDir
    static Path directory;

    @BeforeAll
    static void startServer() {
        namespace = Namespace.create();
        ncNamespace = Namespace.create();
        server = Wirestack.serve(namespace, "--no-offload", "--echo", String.valueOf(ECHO_PORT), "--discard",
                String.valueOf(DISCARD_PORT));
    }

    @AfterAll
    static void stopServer() {
        try {
            if (server != null) {
                server.stopAfterCleanCloses(namespace);
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
            if (ncNamespace != null) {
                try {
                    assertThat(Transfers.awaitNoHalfClosedConnections(ncNamespace, 10))
                            .as("the kernel's connections stuck half-way through a close, nc").isEmpty();
                } finally {
                    ncNamespace.close();
                }
            }
        }
    }

    @Test
    void pingOfEightThousandBytesCrossesBothWays() {
        Namespace.Result ping = namespace.exec("ping", "-c", "3", "-i", "0.2", "-s", "8000", "-W", "5", WIRESTACK);

        assertThat(ping.out()).as(ping.all()).contains("3 packets transmitted, 3 received, 0% packet loss");
    }

    @Test
    void tenMebibytesOfRandomBytesEchoBackByteExact() {
        Transfers.assertEchoedByteExact(namespace, directory, "echo-10m", 10 * MIB, 11, ECHO_PORT);
    }

    @Test
    void sixtyFourMebibytesFromTheKernelAreDiscarded() {
        Transfers.assertDiscarded(namespace, server, directory, "discard-64m", 64 * MIB, 65, DISCARD_PORT);
    }

    @Test
    void sixtyFourMebibytesFromWirestackReachTheKernelByteExact() {
        Path sent = Transfers.randomFile(directory, "up-64m", 64 * MIB, 66);
        Path received = directory.resolve("up-64m.received");

        Namespace.Result nc = NcInteropTest.upload(ncNamespace, sent, received, List.of("--no-offload"));

        assertThat(nc.code()).as(nc.all()).isZero();
        Transfers.assertSameBytes(received, sent);
    }

    @Test
    void sixtyFourMebibytesFromTheKernelReachWirestackByteExact() {
        Path sent = Transfers.randomFile(directory, "down-64m", 64 * MIB, 67);
        Path received = directory.resolve("down-64m.received");

        Namespace.Result nc = NcInteropTest.download(ncNamespace, sent, received, List.of("--no-offload"));

        assertThat(nc.code()).as(nc.all()).isZero();
        Transfers.assertSameBytes(received, sent);
    }
}
