package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Transfers.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.testing.RequiredTools;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirestack serve --http 80 --https 443 --root DIR} on a TAP, with the kernel's side as the client: curl for
 * whole files (1 and 50 MiB, byte-exact, over HTTP and HTTPS), HEAD, 404, gzip, a byte range, three URLs on one
 * connection, a 10 MiB POST answered with its SHA-256; socat for two pipelined requests; openssl s_client for the
 * handshake and the certificate that serve announced; wrk for a short load without errors; headless Chromium for a
 * page with an image and a stylesheet. serve then stops with exit code 0.
 */
@Tag("interop")
class HttpServeInteropTest {
    private static final String HTTP = "http://" + WIRESTACK;
    private static final String HTTPS = "https://" + WIRESTACK;
    private static final Pattern FINGERPRINT = Pattern.compile("https certificate SHA-256 ([0-9A-F:]{95})");
    private static Namespace namespace;
    private static Wirestack.Running server;

    @TempDir
    static Path root;

    @TempDir
    static Path downloads;

    @BeforeAll
    static void startServer() throws IOException {
        RequiredTools.require("curl", "apt-get install curl");
        RequiredTools.require("openssl", "apt-get install openssl");
        Transfers.randomFile(root, "1m.bin", MIB, 1);
        Transfers.randomFile(root, "50m.bin", 50 * MIB, 50);
        Files.writeString(root.resolve("a.txt"), "first answer\n");
        Files.writeString(root.resolve("b.txt"), "second answer\n");
        Files.writeString(root.resolve("text.html"), "<p>compressible, compressible, compressible</p>\n".repeat(2000));
        writePage(root);
        namespace = Namespace.create();
        server = Wirestack.serve(namespace, "--http", "80", "--https", "443", "--root", root.toString());
    }

    @AfterAll
    static void stopServer() {
        try {
            if (server != null) {
                Namespace.Result stopped = server.stop();
                assertThat(stopped.code()).as("serve's exit code on SIGTERM: %s", stopped.all()).isZero();
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    @Test
    void theReadyLineNamesTheHttpServices() {
        assertThat(server.readyLine()).endsWith("; http on port 80; https on port 443; files under " + root);
    }

    @Test
    void curlFetchesOneAndFiftyMebibytesByteExact() {
        for (String name : new String[] {"1m.bin", "50m.bin"}) {
            Path received = downloads.resolve(name);

            Namespace.Result curl = namespace.exec("curl", "-sS", "--max-time", "60", "-o", received.toString(),
                    HTTP + "/" + name);

            assertThat(curl.code()).as(curl.all()).isZero();
            Transfers.assertSameBytes(received, root.resolve(name));
        }
    }

    @Test
    void headGivesTheLengthAndNoBody() {
        Namespace.Result curl = namespace.exec("curl", "-sS", "-I", HTTP + "/1m.bin");

        assertThat(curl.code()).as(curl.all()).isZero();
        assertThat(curl.out()).startsWith("HTTP/1.1 200 OK\r\n").containsIgnoringCase("Content-Length: 1048576\r\n")
                .endsWith("\r\n\r\n");
    }

    @Test
    void optionsAndA405ListTheUploadMethodsServeAccepts() {
        Namespace.Result options = namespace.exec("curl", "-sS", "-i", "-X", "OPTIONS", HTTP + "/a.txt");
        Namespace.Result delete = namespace.exec("curl", "-sS", "-i", "-X", "DELETE", HTTP + "/a.txt");

        assertThat(options.out()).as(options.all()).startsWith("HTTP/1.1 204 ")
                .contains("Allow: GET, HEAD, OPTIONS, POST, PUT\r\n");
        assertThat(delete.out()).as(delete.all()).startsWith("HTTP/1.1 405 ")
                .contains("Allow: GET, HEAD, OPTIONS, POST, PUT\r\n");
    }

    @Test
    void aMissingFileIs404() {
        Namespace.Result curl = namespace.exec("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                HTTP + "/missing.bin");

        assertThat(curl.out()).as(curl.all()).isEqualTo("404");
    }

    @Test
    void compressedTextArrivesGzippedAndDecodesToTheFile() {
        Path received = downloads.resolve("text.html");

        Namespace.Result curl = namespace.exec("curl", "-sS", "--compressed", "-D", "-", "-o", received.toString(),
                HTTP + "/text.html");

        assertThat(curl.out()).as(curl.all()).containsIgnoringCase("Content-Encoding: gzip");
        Transfers.assertSameBytes(received, root.resolve("text.html"));
    }

    @Test
    void aRangeIs206WithJustThoseBytes() throws IOException {
        Path received = downloads.resolve("range.bin");

        Namespace.Result curl = namespace.exec("curl", "-sS", "-r", "0-99", "-D", "-", "-o", received.toString(),
                HTTP + "/1m.bin");

        assertThat(curl.out()).as(curl.all()).startsWith("HTTP/1.1 206 Partial Content")
                .containsIgnoringCase("Content-Range: bytes 0-99/1048576");
        assertThat(Files.readAllBytes(received))
                .isEqualTo(Arrays.copyOf(Files.readAllBytes(root.resolve("1m.bin")), 100));
    }

    @Test
    void threeUrlsInOneCurlRunShareOneConnection() {
        Namespace.Result curl = namespace.exec("curl", "-sS", "-v", "-o", "/dev/null", "-o", "/dev/null", "-o",
                "/dev/null", HTTP + "/a.txt", HTTP + "/b.txt", HTTP + "/1m.bin");

        assertThat(curl.code()).as(curl.all()).isZero();
        assertThat(count(curl.err(), "Re-using existing connection")).as(curl.err()).isEqualTo(2);
        assertThat(count(curl.err(), "Connected to ")).as(curl.err()).isEqualTo(1);
    }

    @Test
    void twoPipelinedRequestsAreAnsweredInOrder() {
        String requests = "GET /a.txt HTTP/1.1\r\nHost: " + WIRESTACK + "\r\n\r\n"
                + "GET /b.txt HTTP/1.1\r\nHost: " + WIRESTACK + "\r\nConnection: close\r\n\r\n";

        Namespace.Result socat = namespace.exec(requests.getBytes(StandardCharsets.US_ASCII), "socat", "-t", "10",
                "-T", "10", "-", "TCP:" + WIRESTACK + ":80");

        String answers = socat.out();
        assertThat(count(answers, "HTTP/1.1 200 OK")).as(socat.all()).isEqualTo(2);
        assertThat(answers.indexOf("first answer")).isPositive().isLessThan(answers.indexOf("second answer"));
    }

    @Test
    void aTenMebibytePostIsAnsweredWithItsSha256() {
        Path upload = Transfers.randomFile(downloads, "10m-upload.bin", 10 * MIB, 10);

        Namespace.Result curl = namespace.exec("curl", "-sS", "--max-time", "60", "--data-binary", "@" + upload,
                HTTP + "/upload");

        assertThat(curl.code()).as(curl.all()).isZero();
        assertThat(curl.out()).isEqualTo("sha256=" + Transfers.sha256(upload) + " bytes=" + 10 * MIB + "\n");
    }

    @Test
    void curlOverHttpsFetchesAMebibyteByteExact() {
        Path received = downloads.resolve("1m-tls.bin");

        Namespace.Result curl = namespace.exec("curl", "-sS", "-k", "--max-time", "60", "-o", received.toString(),
                HTTPS + "/1m.bin");

        assertThat(curl.code()).as(curl.all()).isZero();
        Transfers.assertSameBytes(received, root.resolve("1m.bin"));
    }

    /** s_client completes the handshake with ALPN http/1.1, and sees the certificate whose fingerprint serve printed. */
    @Test
    void opensslCompletesAHandshakeWithTheAnnouncedCertificate() {
        Namespace.Result handshake = namespace.exec(new byte[0], "openssl", "s_client", "-connect",
                WIRESTACK + ":443", "-alpn", "http/1.1");

        assertThat(handshake.out()).as(handshake.all()).contains("ALPN protocol: http/1.1")
                .containsPattern("New, TLSv1\\.[23], Cipher is").contains("BEGIN CERTIFICATE");
        Namespace.Result fingerprint = namespace.exec(handshake.out().getBytes(StandardCharsets.ISO_8859_1),
                "openssl", "x509", "-noout", "-fingerprint", "-sha256");
        Matcher announced = FINGERPRINT.matcher(server.output());
        assertThat(announced.find()).as("serve printed its certificate's fingerprint: " + server.output()).isTrue();
        assertThat(fingerprint.out()).as(fingerprint.all()).contains(announced.group(1));
    }

    /** 32 connections from two threads for five seconds: every request answered 200, no socket error. */
    @Test
    void wrkGetsOnlySuccessfulAnswers() {
        RequiredTools.require("wrk", "apt-get install wrk");

        Namespace.Result wrk = namespace.exec("wrk", "-t2", "-c32", "-d5s", HTTP + "/a.txt");

        assertThat(wrk.code()).as(wrk.all()).isZero();
        assertThat(wrk.out()).as(wrk.all()).containsPattern("[1-9][0-9]* requests in")
                .doesNotContain("Socket errors").doesNotContain("Non-2xx");
    }

    /**
     * Headless Chromium in the namespace loads a page whose script, once the page has loaded, writes what it got:
     * the image's size and the colour the stylesheet gave.
     */
    @Test
    void chromiumLoadsAPageWithAnImageAndAStylesheet() throws Exception {
        Path chromium = RequiredTools.require("chromium", "apt-get install chromium");
        Path profile = Files.createDirectories(downloads.resolve("chromium-profile"));

        Namespace.Result page = namespace.exec(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", HTTP + "/page.html");

        assertThat(page.out()).as(page.all()).contains("<p id=\"result\">image 3x2, colour rgb(1, 119, 0)</p>");
    }

    private static void writePage(Path directory) throws IOException {
        Files.writeString(directory.resolve("page.html"), """
                <!doctype html>
                <html><head><link rel="stylesheet" href="style.css"></head>
                <body><img id="image" src="image.png"><p id="result">not loaded</p>
                <script>
                window.addEventListener("load", () => {
                  const image = document.getElementById("image");
                  const colour = getComputedStyle(document.body).color;
                  document.getElementById("result").textContent =
                      "image " + image.naturalWidth + "x" + image.naturalHeight + ", colour " + colour;
                });
                </script></body></html>
                """);
        Files.writeString(directory.resolve("style.css"), "body { color: rgb(1, 119, 0); }\n");
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, "png", directory.resolve("image.png").toFile());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
