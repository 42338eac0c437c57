package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.KERNEL;
import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Transfers.KERNEL_PORT;
import static dev.wirestack.interop.Transfers.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirestack nc} against the kernel's socat, both as client and with {@code --listen}: bulk transfers both
 * ways (SHA-256 equal), Wirestack's half-close, and a refusal. Each nc is a process of its own in one namespace.
 */
@Tag("interop")
class NcInteropTest {
    static final List<String> TAP_FLAGS = List.of("--tap", Namespace.TAP, "--ip", Namespace.WIRESTACK_CIDR, "--mac",
            Namespace.WIRESTACK_MAC);
    private static final int NC_PORT = 5002;
    private static Namespace namespace;

    @TempDir
    static Path directory;

    @BeforeAll
    static void createNamespace() {
        namespace = Namespace.create();
    }

    @AfterAll
    static void removeNamespace() {
        if (namespace != null) {
            try {
                assertThat(Transfers.awaitNoHalfClosedConnections(namespace, 10))
                        .as("the kernel's connections stuck half-way through a close").isEmpty();
            } finally {
                namespace.close();
            }
        }
    }

    @Test
    void sixtyFourMebibytesFromWirestackReachTheKernelByteExact() {
        Path sent = Transfers.randomFile(directory, "up-64m", 64 * MIB, 1);
        Path received = directory.resolve("up-64m.received");

        Namespace.Result nc = upload(namespace, sent, received, List.of());

        assertThat(nc.code()).as(nc.all()).isZero();
        Transfers.assertSameBytes(received, sent);
    }

    /** nc's standard input is empty: its FIN leaves first, and it still reads everything the kernel sends. */
    @Test
    void sixtyFourMebibytesFromTheKernelReachWirestackByteExact_afterWirestacksOwnFin() {
        Path sent = Transfers.randomFile(directory, "down-64m", 64 * MIB, 2);
        Path received = directory.resolve("down-64m.received");

        Namespace.Result nc = download(namespace, sent, received, List.of());

        assertThat(nc.code()).as(nc.all()).isZero();
        Transfers.assertSameBytes(received, sent);
    }

    /** The kernel's server answers only after the end of the question: only a half-close lets nc hear it. */
    @Test
    void wirestackHalfClosesAndStillReadsTheAnswer() throws IOException {
        Path question = Files.writeString(directory.resolve("question"), "what is the answer?\n");
        Path answer = directory.resolve("answer");
        Process server = namespace.start("socat", "TCP-LISTEN:" + KERNEL_PORT + ",reuseaddr",
                "SYSTEM:cat >/dev/null; echo 42");
        Transfers.awaitKernelListening(namespace, KERNEL_PORT);

        Namespace.Result nc = nc(namespace, question, answer, List.of(), KERNEL, String.valueOf(KERNEL_PORT));

        assertThat(nc.code()).as(nc.all()).isZero();
        assertThat(Files.readString(answer, StandardCharsets.US_ASCII)).isEqualTo("42\n");
        assertThat(Namespace.await(server, null, Namespace.COMMAND_TIMEOUT, "socat server").code()).isZero();
    }

    @Test
    void aRefusedConnectIsOneLineAndExitCode1() throws IOException {
        Path empty = Files.createFile(directory.resolve("empty-for-refused"));

        Namespace.Result nc = nc(namespace, empty, directory.resolve("refused.out"), List.of(), KERNEL, "5009");

        assertThat(nc.code()).isEqualTo(1);
        assertThat(nc.err()).isEqualTo("wirestack: nc: connection to " + KERNEL + ":5009 refused\n");
    }

    // ---- shared with the impaired tests ------------------------------------------------------------------------

    /** {@code wirestack nc KERNEL KERNEL_PORT < sent} into a kernel socat that writes {@code received}. */
    static Namespace.Result upload(Namespace namespace, Path sent, Path received, List<String> extraFlags) {
        Process sink = namespace.start("socat", "-u", "-b", "65536", "TCP-LISTEN:" + KERNEL_PORT + ",reuseaddr",
                "CREATE:" + received);
        Transfers.awaitKernelListening(namespace, KERNEL_PORT);
        Namespace.Result nc = nc(namespace, sent, Path.of(received + ".nc-out"), extraFlags, KERNEL,
                String.valueOf(KERNEL_PORT));
        Namespace.Result sunk = Namespace.await(sink, null, Namespace.COMMAND_TIMEOUT, "socat sink");
        assertThat(sunk.code()).as(sunk.all()).isZero();
        return nc;
    }

    /** {@code wirestack nc --listen NC_PORT > received < /dev/null}, and a kernel socat that sends {@code sent}. */
    static Namespace.Result download(Namespace namespace, Path sent, Path received, List<String> extraFlags) {
        Path empty = Path.of(received + ".empty");
        try {
            Files.write(empty, new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // socat retries until nc listens: nothing answers ARP for Wirestack's address before that.
        Process source = namespace.start("socat", "-u", "-b", "65536", "FILE:" + sent,
                "TCP:" + WIRESTACK + ":" + NC_PORT + ",retry=300,interval=0.1");
        Namespace.Result nc = nc(namespace, empty, received, extraFlags, "--listen", String.valueOf(NC_PORT));
        Namespace.Result sourced = Namespace.await(source, null, Namespace.COMMAND_TIMEOUT, "socat source");
        assertThat(sourced.code()).as(sourced.all()).isZero();
        return nc;
    }

    static Namespace.Result nc(Namespace namespace, Path stdin, Path stdout, List<String> extraFlags,
                               String... target) {
        List<String> args = new ArrayList<>(List.of("nc"));
        args.addAll(TAP_FLAGS);
        args.addAll(extraFlags);
        args.addAll(List.of(target));
        return namespace.exec(Transfers.wirestackShell(stdin, stdout, args.toArray(String[]::new)));
    }
}
