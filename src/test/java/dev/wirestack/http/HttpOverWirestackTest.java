package dev.wirestack.http;

import dev.wirestack.http.client.BodyProgress;
import dev.wirestack.http.client.BodySink;
import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.client.HttpClientException;
import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.server.HttpResponse;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.server.StaticFileHandler;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimEventLoop;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.trace.TraceEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server and the client over Wirestack TCP in the simulated reference network (client and server three routers
 * apart, a 10 Mbit/s wide-area link), in virtual time.
 */
class HttpOverWirestackTest {
    private static final String SERVER_URL = "http://" + ReferenceNetwork.SERVER;
    private static final ServerConfig CONFIG = ServerConfig.DEFAULT
            .withWallClock(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC));

    @TempDir
    Path root;

    private final List<TraceEvent> events = new ArrayList<>();

    private record Setup(ReferenceNetwork reference, SimNetwork network, HttpClient client) {
    }

    private Setup start(double loss, dev.wirestack.http.server.HttpHandler handler) throws Exception {
        var reference = new ReferenceNetwork(7, loss, events::add);
        SimNetwork network = reference.network();
        SimEventLoop loop = new SimEventLoop(network);
        new HttpServer(handler, CONFIG).serve(new WirestackNetwork(reference.server(), loop), 80);
        // A lossy 10 Mbit/s path moves about a megabit a second: give the big transfer time.
        var client = new HttpClient(new WirestackNetwork(reference.client(), loop),
                ClientConfig.DEFAULT.withTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(10)));
        return new Setup(reference, network, client);
    }

    private static <T> T await(SimNetwork network, CompletableFuture<T> future) {
        for (int second = 0; second < 600 && !future.isDone(); second++) {
            network.runFor(Duration.ofSeconds(1));
        }
        assertThat(future).isDone();
        return future.join();
    }

    /** Runs the network until {@code future} is done, however it ends (at most 30 virtual seconds). */
    private static void settle(SimNetwork network, CompletableFuture<?> future) {
        for (int second = 0; second < 30 && !future.isDone(); second++) {
            network.runFor(Duration.ofSeconds(1));
        }
    }

    private long handshakesFromClient() {
        return events.stream().filter(e -> e instanceof TraceEvent.TcpStateChanged s && s.node().equals("client")
                && s.to().equals("SYN_SENT")).count();
    }

    @Test
    void tenMebibyteGet_overFivePercentLoss_arrivesByteExact() throws Exception {
        byte[] file = new byte[10 << 20];
        new SplittableRandom(42).nextBytes(file);
        Files.write(root.resolve("big.bin"), file);
        Setup s = start(0.05, new StaticFileHandler(root));

        ClientResponse response = await(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/big.bin")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().get("Content-Length")).isEqualTo(Integer.toString(file.length));
        assertThat(sha256(response.body())).isEqualTo(sha256(file));
        assertThat(s.reference().lossyLink().aToB().counters().framesDropped()
                + s.reference().lossyLink().bToA().counters().framesDropped()).isPositive();
    }

    @Test
    void manyRequests_oneConnection_oneHandshake() throws Exception {
        Files.writeString(root.resolve("a.txt"), "hello keep-alive\n".repeat(100));
        Setup s = start(0, new StaticFileHandler(root));

        for (int i = 0; i < 20; i++) {
            ClientResponse response = await(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/a.txt")));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().get("Content-Encoding")).isEqualTo("gzip");
            assertThat(response.bodyText()).isEqualTo("hello keep-alive\n".repeat(100));
        }

        assertThat(handshakesFromClient()).isEqualTo(1);
        assertThat(s.client().connectionsOpened()).isEqualTo(1);
    }

    @Test
    void pipelinedRequests_answeredInOrder_onOneConnection() throws Exception {
        Setup s = start(0, exchange -> exchange.respond(HttpResponse.text(200, "you asked " + exchange.request().path())));
        TcpSocket socket = s.reference().client().tcpConnect(ReferenceNetwork.SERVER, 80);
        String requests = "GET /one HTTP/1.1\r\nHost: s\r\n\r\nGET /two HTTP/1.1\r\nHost: s\r\n\r\n"
                + "GET /three HTTP/1.1\r\nHost: s\r\nConnection: close\r\n\r\n";
        socket.write(requests.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream received = readAll(socket);

        s.network().runFor(Duration.ofSeconds(10));

        String text = received.toString(StandardCharsets.US_ASCII);
        assertThat(text).containsSubsequence("you asked /one", "you asked /two", "you asked /three");
        assertThat(text.split("HTTP/1.1 200 OK", -1)).hasSize(4);
        assertThat(text).endsWith("you asked /three");
        assertThat(handshakesFromClient()).isEqualTo(1);
    }

    @Test
    void slowHeader_gets408_thenTheConnectionCloses() throws Exception {
        Setup s = start(0, exchange -> exchange.respond(HttpResponse.text(200, "never")));
        TcpSocket socket = s.reference().client().tcpConnect(ReferenceNetwork.SERVER, 80);
        socket.write("GET / HTTP/1.1\r\nHost: s\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream received = readAll(socket);

        s.network().runFor(CONFIG.headerTimeout().minusSeconds(1));
        assertThat(received.size()).isZero();
        s.network().runFor(Duration.ofSeconds(5));

        assertThat(received.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .contains("Connection: close\r\n");
        assertThat(socket.state().name()).isIn("CLOSE_WAIT", "LAST_ACK", "CLOSED", "TIME_WAIT");
    }

    @Test
    void idleKeepAliveConnection_isClosedByTheServer_afterTheIdleTimeout() throws Exception {
        Setup s = start(0, exchange -> exchange.respond(HttpResponse.text(200, "ok")));
        TcpSocket socket = s.reference().client().tcpConnect(ReferenceNetwork.SERVER, 80);
        socket.write("GET / HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        boolean[] ended = new boolean[1];
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        socket.onReadable(sk -> {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = sk.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
            ended[0] |= n < 0;
        });

        s.network().runFor(CONFIG.idleTimeout().minusSeconds(1));
        assertThat(received.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 OK").endsWith("ok");
        assertThat(ended[0]).isFalse();
        s.network().runFor(Duration.ofSeconds(2));

        assertThat(ended[0]).as("the server half-closed the idle connection").isTrue();
    }

    @Test
    void client_postsFollowsRedirectsAndReadsChunkedBodies() throws Exception {
        Setup s = start(0, exchange -> {
            switch (exchange.request().path()) {
                case "/echo" -> exchange.readBody(body -> exchange.respond(new HttpResponse(200,
                        Headers.of("Content-Type", "application/octet-stream"),
                        new dev.wirestack.http.server.Body() {
                            private boolean sent;

                            @Override
                            public long length() {
                                return -1; // unknown: chunked
                            }

                            @Override
                            public int read(byte[] into, int offset, int length) {
                                if (sent) {
                                    return -1;
                                }
                                sent = true;
                                byte[] answer = (exchange.request().method() + ":" + new String(body,
                                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                                System.arraycopy(answer, 0, into, offset, answer.length);
                                return answer.length;
                            }
                        })));
                case "/moved" -> exchange.respond(HttpResponse.empty(308).withHeader("Location", "/echo"));
                case "/see-other" -> exchange.respond(HttpResponse.empty(303).withHeader("Location", "/echo"));
                case "/loop" -> exchange.respond(HttpResponse.empty(302).withHeader("Location", "/loop"));
                default -> exchange.respond(HttpResponse.error(404));
            }
        });

        ClientResponse posted = await(s.network(), s.client().send(ClientRequest.post(SERVER_URL + "/moved", "data")));
        ClientResponse seeOther = await(s.network(), s.client().send(ClientRequest.post(SERVER_URL + "/see-other",
                "data")));
        CompletableFuture<ClientResponse> looping = s.client().send(ClientRequest.get(SERVER_URL + "/loop"));
        for (int i = 0; i < 30 && !looping.isDone(); i++) {
            s.network().runFor(Duration.ofSeconds(1));
        }

        assertThat(posted.bodyText()).isEqualTo("POST:data");
        assertThat(posted.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(posted.redirects()).isEqualTo(1);
        assertThat(seeOther.bodyText()).isEqualTo("GET:");
        assertThat(looping).isCompletedExceptionally();
        assertThat(looping.exceptionNow()).hasMessageContaining("too many redirects");
    }

    @Test
    void client_connectionRefused_isAClearError() throws Exception {
        Setup s = start(0, exchange -> exchange.respond(HttpResponse.text(200, "ok")));
        CompletableFuture<ClientResponse> refused = s.client().send(ClientRequest.get(SERVER_URL + ":8080/"));
        settle(s.network(), refused);

        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.exceptionNow()).hasMessageStartingWith("connect failed");
    }

    /** A sink that remembers what it got, in how many writes, and for which statuses it was opened. */
    private static final class RecordingSink implements BodySink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> openedFor = new ArrayList<>();
        int writes;
        boolean closed;

        @Override
        public OutputStream open(int status, Headers headers) {
            if (status >= 400) {
                return null;
            }
            openedFor.add(status);
            return new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] data, int offset, int length) {
                    writes++;
                    bytes.write(data, offset, length);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    @Test
    void aStreamedBody_goesToTheSinkAsItArrives_andNotIntoTheResponse() throws Exception {
        byte[] file = new byte[2 << 20];
        new SplittableRandom(7).nextBytes(file);
        Files.write(root.resolve("big.bin"), file);
        Files.writeString(root.resolve("text.txt"), "compressible text\n".repeat(20_000));
        Setup s = start(0, new StaticFileHandler(root));
        RecordingSink binary = new RecordingSink();
        RecordingSink text = new RecordingSink();

        ClientResponse big = await(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/big.bin"),
                BodyProgress.NONE, binary));
        ClientResponse gzipped = await(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/text.txt"),
                BodyProgress.NONE, text));

        assertThat(big.status()).isEqualTo(200);
        assertThat(big.body()).isEmpty();
        assertThat(sha256(binary.bytes.toByteArray())).isEqualTo(sha256(file));
        assertThat(binary.writes).as("written piece by piece as it came").isGreaterThan(10);
        assertThat(binary.closed).isTrue();
        assertThat(gzipped.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(text.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("compressible text\n".repeat(20_000));
    }

    @Test
    void aSinkTakesOnlyTheFinalBody_andMayLeaveAnErrorPageInMemory() throws Exception {
        Setup s = start(0, exchange -> exchange.respond(switch (exchange.request().path()) {
            case "/old" -> HttpResponse.text(301, "moved\n").withHeader("Location", "/new");
            case "/new" -> HttpResponse.text(200, "here\n");
            default -> HttpResponse.error(404);
        }));
        RecordingSink sink = new RecordingSink();

        ClientResponse moved = await(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/old"),
                BodyProgress.NONE, sink));
        ClientResponse missing = await(s.network(), s.client().send(ClientRequest.get(SERVER_URL + "/gone"),
                BodyProgress.NONE, sink));

        assertThat(moved.redirects()).isEqualTo(1);
        assertThat(sink.openedFor).containsExactly(200);
        assertThat(sink.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("here\n");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.bodyText()).isEqualTo("404 Not Found\n");
    }

    @Test
    void aSinkThatFails_failsTheRequestWithASinkError() throws Exception {
        Setup s = start(0, exchange -> exchange.respond(HttpResponse.text(200, "body\n")));
        BodySink full = (status, headers) -> new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };

        CompletableFuture<ClientResponse> failed = s.client().send(ClientRequest.get(SERVER_URL + "/"),
                BodyProgress.NONE, full);
        settle(s.network(), failed);

        assertThat(failed).isCompletedExceptionally();
        assertThat(failed.exceptionNow()).isInstanceOf(HttpClientException.class)
                .hasMessageContaining("No space left on device");
        assertThat(((HttpClientException) failed.exceptionNow()).kind()).isEqualTo(HttpClientException.Kind.SINK);
    }

    private static ByteArrayOutputStream readAll(TcpSocket socket) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        socket.onReadable(sk -> {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = sk.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
            if (n < 0) {
                sk.close();
            }
        });
        return received;
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
