package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.KERNEL;
import static dev.wirestack.interop.Transfers.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.testing.RequiredTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirestack get} on a TAP against the kernel's side: Python's http.server in the namespace (HTTP/1.0, a
 * server Wirestack did not write), and openssl s_server -WWW for HTTPS. A file arrives byte-exact over both,
 * {@code -v} shows both heads; a 404, a refused port and an untrusted certificate are clear errors with exit code 1.
 */
@Tag("interop")
class GetInteropTest {
    private static final int PORT = 8000;
    private static final int TLS_PORT = 8443;
    private static final String SERVER = "http://" + KERNEL + ":" + PORT;
    private static final String TLS_SERVER = "https://" + KERNEL + ":" + TLS_PORT;
    private static Namespace namespace;
    private static Process python;
    private static Process openssl;

    @TempDir
    static Path root;

    @TempDir
    static Path downloads;

    @BeforeAll
    static void startKernelServer() {
        Transfers.randomFile(root, "5m.bin", 5 * MIB, 5);
        namespace = Namespace.create();
        python = namespace.start("python3", "-m", "http.server", "--bind", KERNEL, "--directory", root.toString(),
                String.valueOf(PORT));
        Transfers.awaitKernelListening(namespace, PORT);
        RequiredTools.require("openssl", "apt-get install openssl");
        namespace.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", root.resolve("key.pem").toString(), "-out", root.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=" + KERNEL, "-addext", "subjectAltName=IP:" + KERNEL);
        // -WWW serves the files under the working directory, one HTTP/1.0 response per connection.
        openssl = namespace.start("sh", "-c", "cd '" + root + "' && exec openssl s_server -quiet -accept " + KERNEL
                + ":" + TLS_PORT + " -cert cert.pem -key key.pem -WWW");
        Transfers.awaitKernelListening(namespace, TLS_PORT);
    }

    @AfterAll
    static void stopKernelServer() {
        try {
            for (Process process : new Process[] {python, openssl}) {
                if (process != null) {
                    Namespace.kill(process);
                }
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    @Test
    void aFileArrivesByteExact_andVerboseShowsBothHeadsAsCurlDoes() {
        Path received = downloads.resolve("5m.bin");

        Namespace.Result get = get("-v", SERVER + "/5m.bin", "-o", received.toString());

        assertThat(get.code()).as(get.all()).isZero();
        Transfers.assertSameBytes(received, root.resolve("5m.bin"));
        assertThat(get.err()).contains("> GET /5m.bin HTTP/1.1\n", "> Host: " + KERNEL + ":" + PORT + "\n", ">\n")
                .contains("< HTTP/1.0 200 OK\n", "< Content-Length: " + 5 * MIB + "\n", "<\n")
                .as("no progress bar when standard error is not a terminal").doesNotContain("\r");
    }

    @Test
    void aMissingFileIsAnErrorNamingTheStatus() {
        Namespace.Result get = get(SERVER + "/missing.bin", "-o", downloads.resolve("missing.bin").toString());

        assertThat(get.code()).as(get.all()).isEqualTo(1);
        assertThat(get.err()).startsWith("wirestack: 404 ").contains("/missing.bin").hasLineCount(1);
        assertThat(downloads.resolve("missing.bin")).doesNotExist();
    }

    @Test
    void aClosedPortIsAClearError() {
        Namespace.Result get = get("http://" + KERNEL + ":" + (PORT + 1) + "/");

        assertThat(get.code()).as(get.all()).isEqualTo(1);
        assertThat(get.err()).startsWith("wirestack: http://" + KERNEL + ":" + (PORT + 1) + "/: connect failed")
                .hasLineCount(1);
    }

    @Test
    void overHttpsWithInsecureAFileArrivesByteExact() {
        Path received = downloads.resolve("5m-tls.bin");

        Namespace.Result get = get("--insecure", TLS_SERVER + "/5m.bin", "-o", received.toString());

        assertThat(get.code()).as(get.all()).isZero();
        Transfers.assertSameBytes(received, root.resolve("5m.bin"));
    }

    @Test
    void overHttpsAnUntrustedCertificateIsRefused() {
        Path received = downloads.resolve("untrusted.bin");

        Namespace.Result get = get(TLS_SERVER + "/5m.bin", "-o", received.toString());

        assertThat(get.code()).as(get.all()).isEqualTo(1);
        assertThat(get.err()).startsWith("wirestack: " + TLS_SERVER + "/5m.bin: ").containsIgnoringCase("certif")
                .hasLineCount(1);
        assertThat(received).doesNotExist();
    }

    private static Namespace.Result get(String... args) {
        List<String> command = new ArrayList<>(List.of("get", "--tap", Namespace.TAP, "--ip",
                Namespace.WIRESTACK_CIDR, "--mac", Namespace.WIRESTACK_MAC));
        command.addAll(List.of(args));
        return Wirestack.run(namespace, command.toArray(String[]::new));
    }
}
