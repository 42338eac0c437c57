package dev.wirestack.http.tls;

import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.server.StaticFileHandler;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimEventLoop;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.trace.TraceEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS over Wirestack TCP in the simulated reference network, in virtual time: the server's self-signed certificate
 * verified by a client that trusts exactly it, over a link that loses 5% of the frames.
 */
class HttpsOverWirestackTest {
    private static final String SERVER_URL = "https://" + ReferenceNetwork.SERVER;
    private static ServerTls serverTls;

    @TempDir
    Path root;

    private final List<TraceEvent> events = new ArrayList<>();

    @BeforeAll
    static void certificate() throws Exception {
        serverTls = ServerTls.selfSigned(List.of(ReferenceNetwork.SERVER.toString()));
    }

    private record Setup(ReferenceNetwork reference, SimNetwork network, HttpClient client) {
    }

    private Setup start(double loss, ClientTls clientTls) throws Exception {
        var reference = new ReferenceNetwork(11, loss, events::add);
        SimNetwork network = reference.network();
        SimEventLoop loop = new SimEventLoop(network);
        new HttpServer(new StaticFileHandler(root), ServerConfig.DEFAULT.withTls(serverTls.withTracer(events::add,
                "server"))).serve(new WirestackNetwork(reference.server(), loop), 443);
        var client = new HttpClient(new WirestackNetwork(reference.client(), loop), ClientConfig.DEFAULT
                .withTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(10))
                .withTls(clientTls.withTracer(events::add, "client").withHandshakeTimeout(Duration.ofSeconds(30))));
        return new Setup(reference, network, client);
    }

    private static <T> CompletableFuture<T> run(SimNetwork network, CompletableFuture<T> future) {
        for (int second = 0; second < 600 && !future.isDone(); second++) {
            network.runFor(Duration.ofSeconds(1));
        }
        assertThat(future).isDone();
        return future;
    }

    @Test
    void oneMebibyteGet_overHttps_andFivePercentLoss_arrivesByteExact() throws Exception {
        byte[] file = new byte[1 << 20];
        new SplittableRandom(5).nextBytes(file);
        Files.write(root.resolve("big.bin"), file);
        Files.writeString(root.resolve("small.txt"), "again\n");
        Setup s = start(0.05, ClientTls.trusting(serverTls.certificate()));

        ClientResponse response = run(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/big.bin"))).join();
        ClientResponse again = run(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/small.txt"))).join();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(file);
        assertThat(again.bodyText()).isEqualTo("again\n");
        assertThat(s.client().connectionsOpened()).as("the TLS connection is kept alive and reused").isEqualTo(1);
        assertThat(s.reference().lossyLink().aToB().counters().framesDropped()
                + s.reference().lossyLink().bToA().counters().framesDropped()).isPositive();
        List<TraceEvent.TlsHandshakeCompleted> handshakes = events.stream()
                .filter(e -> e instanceof TraceEvent.TlsHandshakeCompleted)
                .map(e -> (TraceEvent.TlsHandshakeCompleted) e).toList();
        assertThat(handshakes).extracting(TraceEvent.TlsHandshakeCompleted::node)
                .containsExactlyInAnyOrder("client", "server");
        assertThat(handshakes).allSatisfy(h -> {
            assertThat(h.protocol()).isEqualTo("TLSv1.3");
            assertThat(h.applicationProtocol()).isEqualTo("http/1.1");
        });
    }

    @Test
    void clientTrustingOnlyTheDefaultAuthorities_refusesTheSelfSignedServer() throws Exception {
        Files.writeString(root.resolve("a.txt"), "secret");
        Setup s = start(0, ClientTls.systemDefault());

        CompletableFuture<ClientResponse> refused = run(s.network(),
                s.client().send(ClientRequest.get(SERVER_URL + "/a.txt")));

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.exceptionNow()).hasMessageContaining("TLS handshake with 10.2.0.2:443 failed")
                .hasMessageContaining("certificate is not trusted");
    }

    @Test
    void insecureClient_fetchesFromTheSelfSignedServer() throws Exception {
        Files.writeString(root.resolve("a.txt"), "hello over tls");
        Setup s = start(0, ClientTls.insecure());

        ClientResponse response = run(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/a.txt"))).join();

        assertThat(response.bodyText()).isEqualTo("hello over tls");
    }
}
