package dev.wirestack.http;

import dev.wirestack.testing.RequiredTools;

import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.server.StaticFileHandler;
import dev.wirestack.http.transport.Network;
import dev.wirestack.http.transport.NioNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same server on the JDK's sockets on 127.0.0.1, answering the real curl, and the same client fetching from it.
 * Skipped, with the reason, where curl is not installed.
 */
class CurlOverJdkSocketsTest {
    @TempDir
    Path root;
    @TempDir
    Path downloads;

    private NioNetwork network;
    private Network.Listening listening;
    private byte[] binary;
    private String text;

    @BeforeEach
    void start() throws IOException {
        binary = new byte[1 << 20];
        new SplittableRandom(3).nextBytes(binary);
        Files.write(root.resolve("one.bin"), binary);
        text = "Wirestack serves text, compressed when asked.\n".repeat(400);
        Files.writeString(root.resolve("page.html"), text);
        network = NioNetwork.start("http-test", InetAddress.getLoopbackAddress());
        listening = new HttpServer(new StaticFileHandler(root), ServerConfig.DEFAULT).serve(network, 0);
    }

    @AfterEach
    void stop() {
        listening.close();
        network.close();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + listening.port() + path;
    }

    @Test
    void curlGet_byteExact_andHead_and404() throws Exception {
        Path out = downloads.resolve("one.bin");
        assertThat(curl("-s", "-o", out.toString(), "-w", "%{http_code}", url("/one.bin"))).isEqualTo("200");
        assertThat(Files.readAllBytes(out)).isEqualTo(binary);

        String head = curl("-s", "-I", url("/one.bin"));
        assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + binary.length)
                .contains("Accept-Ranges: bytes").contains("ETag: ");

        assertThat(curl("-s", "-o", "/dev/null", "-w", "%{http_code}", url("/missing"))).isEqualTo("404");
    }

    @Test
    void curlCompressed_decodesTheGzipBody() throws Exception {
        Path out = downloads.resolve("page.html");
        String headers = curl("-s", "--compressed", "-D", "-", "-o", out.toString(), url("/page.html"));

        assertThat(headers).contains("Content-Encoding: gzip").contains("Transfer-Encoding: chunked");
        assertThat(Files.readString(out)).isEqualTo(text);
    }

    @Test
    void curlRange_gets206_withTheFirstHundredBytes() throws Exception {
        Path out = downloads.resolve("range.bin");
        String headers = curl("-s", "-r", "0-99", "-D", "-", "-o", out.toString(), url("/one.bin"));

        assertThat(headers).startsWith("HTTP/1.1 206").contains("Content-Range: bytes 0-99/" + binary.length);
        assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOf(binary, 100));
    }

    @Test
    void curlThreeUrls_reuseOneConnection() throws Exception {
        String verbose = curlStderr("-s", "-v", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null",
                url("/page.html"), url("/one.bin"), url("/page.html"));

        assertThat(verbose).contains("Re-using existing connection");
    }

    @Test
    void ownClient_overJdkSockets_keepsTheConnection() throws Exception {
        var client = new HttpClient(network, ClientConfig.DEFAULT);
        ClientResponse first = client.send(ClientRequest.get(url("/page.html"))).get(10, TimeUnit.SECONDS);
        ClientResponse second = client.send(ClientRequest.get(url("/one.bin"))).get(10, TimeUnit.SECONDS);

        assertThat(first.bodyText()).isEqualTo(text);
        assertThat(second.body()).isEqualTo(binary);
        assertThat(network.submit(client::connectionsOpened)).isEqualTo(1);
        client.close();
    }

    private String curl(String... arguments) throws Exception {
        return run(false, arguments);
    }

    private String curlStderr(String... arguments) throws Exception {
        return run(true, arguments);
    }

    private static String run(boolean stderr, String... arguments) throws Exception {
        RequiredTools.require("curl", "apt-get install curl");
        List<String> command = new ArrayList<>(List.of("curl", "--max-time", "20"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(stderr ? err : out, StandardCharsets.UTF_8);
    }
}
