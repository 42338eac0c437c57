package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Transfers.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TCP transfers of the other interop tests through a bad link: Wirestack's fault injector ({@code --impair})
 * loses 3% of the frames, delays each by 10 ms, reorders 1% and duplicates 1%, in both directions, so that the
 * kernel's TCP and Wirestack's both recover from it. Every transfer must still arrive byte-exact.
 *
 * <p>Sizes are smaller than the clean runs' 64 MiB to keep CI short: at 3% loss and a 20 ms round trip a single
 * connection moves a few hundred KiB/s to a few MiB/s. Echo 1 MiB and Wirestack to kernel 2 MiB (Wirestack sends
 * through the loss), kernel to Wirestack 8 MiB (the kernel sends).
 */
@Tag("interop")
class ImpairedTcpInteropTest {
    static final String IMPAIRMENT = "loss=0.03,delay=10ms,reorder=0.01,duplicate=0.01,seed=7";

    @TempDir
    Path directory;

    @Test
    void echoAndDiscardThroughAnImpairedServe() {
        Path echoed = Transfers.randomFile(directory, "impaired-echo", MIB, 3);
        Path discarded = Transfers.randomFile(directory, "impaired-discard", 8 * MIB, 4);
        Path back = directory.resolve("impaired-echo.back");
        try (Namespace namespace = Namespace.create()) {
            Wirestack.Running server = Wirestack.serve(namespace, "--echo", "7", "--discard", "9", "--quiet",
                    "--impair", IMPAIRMENT);

            Namespace.Result echo = namespace.exec("socat", "-b", "65536", "-t", "60", "-T", "60",
                    "FILE:" + echoed + "!!CREATE:" + back, "TCP:" + WIRESTACK + ":7");
            Namespace.Result discard = namespace.exec("socat", "-b", "65536", "-u", "-T", "60", "FILE:" + discarded,
                    "TCP:" + WIRESTACK + ":9,linger=60");

            assertThat(echo.code()).as(echo.all()).isZero();
            Transfers.assertSameBytes(back, echoed);
            assertThat(discard.code()).as(discard.all()).isZero();
            Namespace.Result stopped = server.stopAfterCleanCloses(namespace);
            assertThat(stopped.out()).doesNotContain("connection from"); // --quiet
            assertThat(server.readyLine()).contains("impaired loss=0.03,delay=10000us");
        }
    }

    /**
     * serve stopped with connections open, through loss and delay: it sends each a FIN, the kernel's clients close in
     * turn, and serve must acknowledge their FINs before it exits (an ACK still held by the delay, or lost and asked
     * for again by a retransmitted FIN), or the kernel is left in LAST-ACK.
     */
    @Test
    void aStopThroughAnImpairedPathLeavesNoKernelConnectionHalfClosed() {
        int clients = 5;
        try (Namespace namespace = Namespace.create()) {
            Wirestack.Running server = Wirestack.serve(namespace, "--echo", "7", "--quiet", "--impair", IMPAIRMENT);
            for (int i = 0; i < clients; i++) {
                // socat closes its side a second after Wirestack's FIN (-t 1): sleep never ends its own stream.
                namespace.start("socat", "-t", "1", "TCP:" + WIRESTACK + ":7", "SYSTEM:sleep 60");
            }
            awaitEstablished(namespace, clients);

            Namespace.Result stopped = server.stop();

            assertThat(stopped.code()).as(stopped.all()).isZero();
            assertThat(Transfers.awaitNoHalfClosedConnections(namespace, 10)).isEmpty();
        }
    }

    @Test
    void ncBothWaysThroughAnImpairedPath() {
        Path up = Transfers.randomFile(directory, "impaired-up", 2 * MIB, 5);
        Path down = Transfers.randomFile(directory, "impaired-down", 8 * MIB, 6);
        Path upReceived = directory.resolve("impaired-up.received");
        Path downReceived = directory.resolve("impaired-down.received");
        try (Namespace namespace = Namespace.create()) {
            Namespace.Result upload = NcInteropTest.upload(namespace, up, upReceived, List.of("--impair", IMPAIRMENT));
            Namespace.Result download = NcInteropTest.download(namespace, down, downReceived,
                    List.of("--impair", IMPAIRMENT));

            assertThat(upload.code()).as(upload.all()).isZero();
            Transfers.assertSameBytes(upReceived, up);
            assertThat(download.code()).as(download.all()).isZero();
            Transfers.assertSameBytes(downReceived, down);
            assertThat(Transfers.awaitNoHalfClosedConnections(namespace, 10)).isEmpty();
        }
    }

    /** Waits (bounded) until the kernel has {@code count} connections established to the echo port. */
    private static void awaitEstablished(Namespace namespace, int count) {
        long deadline = System.nanoTime() + Namespace.COMMAND_TIMEOUT.toNanos();
        while (namespace.run("ss", "-Htn", "state", "established", "dport = :7").lines().count() < count) {
            if (System.nanoTime() > deadline) {
                fail("the kernel's " + count + " connections to echo were not all established in time");
            }
        }
    }
}
