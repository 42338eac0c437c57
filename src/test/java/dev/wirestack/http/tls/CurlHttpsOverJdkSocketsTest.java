package dev.wirestack.http.tls;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTPS server on the JDK's sockets on 127.0.0.1 with a certificate generated at start, against the real curl
 * and openssl, and the own client verifying it. Skipped, with the reason, where curl or openssl is not installed.
 */
class CurlHttpsOverJdkSocketsTest {
    private static ServerTls serverTls;

    @TempDir
    Path root;
    @TempDir
    Path downloads;

    private NioNetwork network;
    private Network.Listening listening;
    private byte[] binary;

    @BeforeAll
    static void certificate() throws Exception {
        serverTls = ServerTls.selfSigned(List.of());
    }

    @BeforeEach
    void start() throws IOException {
        binary = new byte[1 << 20];
        new SplittableRandom(9).nextBytes(binary);
        Files.write(root.resolve("file.bin"), binary);
        network = NioNetwork.start("https-test", InetAddress.getLoopbackAddress());
        listening = new HttpServer(new StaticFileHandler(root), ServerConfig.DEFAULT.withTls(serverTls))
                .serve(network, 0);
    }

    @AfterEach
    void stop() {
        listening.close();
        network.close();
    }

    private String url(String path) {
        return "https://127.0.0.1:" + listening.port() + path;
    }

    @Test
    void curlInsecure_getsTheFileByteExact_overHttp11() throws Exception {
        Path out = downloads.resolve("file.bin");
        String written = run("curl", "--max-time", "20", "-k", "-s", "-o", out.toString(),
                "-w", "%{http_code} %{http_version}", url("/file.bin"));

        assertThat(written).isEqualTo("200 1.1");
        assertThat(Files.readAllBytes(out)).isEqualTo(binary);
    }

    @Test
    void curlWithoutInsecure_refusesTheSelfSignedCertificate() throws Exception {
        String code = run("curl", "--max-time", "20", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                url("/file.bin"));

        assertThat(code).isEqualTo("000"); // no response: the certificate was refused
    }

    @Test
    void opensslSClient_completesAHandshake_withAlpnHttp11() throws Exception {
        String output = run("openssl", "s_client", "-connect", "127.0.0.1:" + listening.port(),
                "-alpn", "http/1.1");

        assertThat(output).contains("SSL handshake has read").contains("ALPN protocol: http/1.1")
                .contains("New, TLSv1.3, Cipher is").contains("Verify return code: 18 "); // 18: self-signed, as expected
    }

    @Test
    void opensslSClient_tls12_completesAHandshake() throws Exception {
        String output = run("openssl", "s_client", "-connect", "127.0.0.1:" + listening.port(), "-tls1_2",
                "-alpn", "http/1.1");

        assertThat(output).contains("SSL handshake has read").contains("ALPN protocol: http/1.1")
                .contains("New, TLSv1.2, Cipher is");
    }

    @Test
    void ownClient_trustingTheCertificate_fetchesFromLocalhostAndTheAddress() throws Exception {
        var client = new HttpClient(network, ClientConfig.DEFAULT.withTls(ClientTls.trusting(serverTls.certificate())));

        ClientResponse byName = client.send(ClientRequest.get("https://localhost:" + listening.port() + "/file.bin"))
                .get(20, TimeUnit.SECONDS);
        ClientResponse byAddress = client.send(ClientRequest.get(url("/file.bin"))).get(20, TimeUnit.SECONDS);

        assertThat(byName.body()).isEqualTo(binary);
        assertThat(byAddress.body()).isEqualTo(binary);
        client.close();
    }

    /** Runs a tool with stdin at its end of file and returns its standard output and error together. */
    private static String run(String... command) throws Exception {
        RequiredTools.require(command[0], "apt-get install curl openssl");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
