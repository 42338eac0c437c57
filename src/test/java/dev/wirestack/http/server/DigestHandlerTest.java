package dev.wirestack.http.server;

import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimEventLoop;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.TcpSocket;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads to the digest handler over Wirestack TCP in the simulated reference network, in virtual time: the answer
 * names the SHA-256 and length of what arrived; beyond the server's body limit the answer is 413.
 */
class DigestHandlerTest {
    private static final String URL = "http://" + ReferenceNetwork.SERVER + "/upload";
    private static final int LIMIT = 4 << 20;

    private record Setup(ReferenceNetwork reference, SimNetwork network, HttpClient client) {
    }

    private static Setup start() throws Exception {
        var reference = new ReferenceNetwork(11, 0, event -> { });
        SimNetwork network = reference.network();
        SimEventLoop loop = new SimEventLoop(network);
        ServerConfig config = ServerConfig.DEFAULT.withLimits(ServerConfig.DEFAULT.limits().withMaxBodyBytes(LIMIT));
        new HttpServer(new DigestHandler(), config).serve(new WirestackNetwork(reference.server(), loop), 80);
        var client = new HttpClient(new WirestackNetwork(reference.client(), loop),
                ClientConfig.DEFAULT.withTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(5)));
        return new Setup(reference, network, client);
    }

    private static ClientResponse await(SimNetwork network, CompletableFuture<ClientResponse> future) {
        for (int second = 0; second < 300 && !future.isDone(); second++) {
            network.runFor(Duration.ofSeconds(1));
        }
        assertThat(future).isDone();
        return future.join();
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @Test
    void aThreeMebibytePost_isAnsweredWithItsDigestAndLength() throws Exception {
        byte[] upload = new byte[3 << 20];
        new SplittableRandom(3).nextBytes(upload);
        Setup s = start();

        ClientResponse response = await(s.network(), s.client().send(
                ClientRequest.post(URL, "application/octet-stream", upload)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.bodyText()).isEqualTo("sha256=" + sha256Hex(upload) + " bytes=" + upload.length + "\n");
    }

    @Test
    void anEmptyPut_isTheDigestOfNothing() throws Exception {
        Setup s = start();

        ClientResponse response = await(s.network(), s.client().send(
                ClientRequest.put(URL, "application/octet-stream", new byte[0])));

        assertThat(response.bodyText()).isEqualTo(
                "sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 bytes=0\n");
    }

    @Test
    void aDeclaredLengthOverTheLimit_is413() throws Exception {
        Setup s = start();

        ClientResponse response = await(s.network(), s.client().send(
                ClientRequest.post(URL, "application/octet-stream", new byte[LIMIT + 1])));

        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void aChunkedBodyGrowingOverTheLimit_is413AfterTheFirstChunk() throws Exception {
        Setup s = start();
        TcpSocket socket = s.reference().client().tcpConnect(ReferenceNetwork.SERVER, 80);
        String request = "POST /upload HTTP/1.1\r\nHost: s\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n" + Integer.toHexString(LIMIT) + "\r\n";
        socket.write(request.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        socket.onReadable(sk -> {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = sk.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
        });

        s.network().runFor(Duration.ofSeconds(5));

        assertThat(received.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 413 Content Too Large\r\n")
                .contains("Connection: close\r\n");
    }
}
