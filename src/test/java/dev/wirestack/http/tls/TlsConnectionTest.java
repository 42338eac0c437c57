package dev.wirestack.http.tls;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.ManualLoop;
import dev.wirestack.trace.TraceEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TlsConnection} over an in-memory connection pair in virtual time: handshakes in both versions, data both
 * ways through small transport buffers, close_notify, and handshakes that fail with a reason.
 */
class TlsConnectionTest {
    private static ServerTls serverTls;
    private static ClientTls trustingClient;

    private final ManualLoop loop = new ManualLoop();
    private final List<TraceEvent> events = new ArrayList<>();

    @BeforeAll
    static void certificate() throws Exception {
        serverTls = ServerTls.selfSigned(List.of("10.2.0.2"));
        trustingClient = ClientTls.trusting(serverTls.certificate());
    }

    /** The application side: reads everything on onReadable, keeps what it read and how the connection ended. */
    private static final class Application implements Connection.Listener {
        final Connection connection;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean endOfStream;
        boolean closed;
        String closeReason;
        int writable;

        Application(Connection connection) {
            this.connection = connection;
            connection.listener(this);
        }

        @Override
        public void onReadable() {
            byte[] buffer = new byte[1000];
            int n;
            while ((n = connection.read(buffer, 0, buffer.length)) > 0) {
                received.write(buffer, 0, n);
            }
            endOfStream |= n < 0;
        }

        @Override
        public void onWritable() {
            writable++;
        }

        @Override
        public void onClosed(String error) {
            closed = true;
            closeReason = error;
        }
    }

    /** What a client's handshake listener heard. */
    private static final class Outcome implements TlsConnection.HandshakeListener {
        boolean completed;
        String failure;

        @Override
        public void completed(TlsConnection connection) {
            completed = true;
        }

        @Override
        public void failed(TlsConnection connection, String reason) {
            failure = reason;
        }
    }

    private record Pair(MemoryPipe pipe, TlsConnection client, TlsConnection server, Outcome outcome,
                        Application clientApp, Application serverApp) {
    }

    private Pair connect(ServerTls server, ClientTls client, String host, int pipeCapacity) {
        MemoryPipe pipe = new MemoryPipe(loop, pipeCapacity);
        TlsConnection serverSide = new TlsConnection(pipe.b, server.newEngine(), loop,
                server.withTracer(events::add, "server").options());
        TlsConnection clientSide = new TlsConnection(pipe.a, client.newEngine(host, 443), loop,
                client.withTracer(events::add, "client").options());
        Outcome outcome = new Outcome();
        Application clientApp = new Application(clientSide);
        Application serverApp = new Application(serverSide);
        serverSide.start(null);
        clientSide.start(outcome);
        loop.runNow();
        return new Pair(pipe, clientSide, serverSide, outcome, clientApp, serverApp);
    }

    private Pair connect(int pipeCapacity) {
        return connect(serverTls, trustingClient, "10.2.0.2", pipeCapacity);
    }

    /** Writes all of {@code data}, waiting for onWritable after short writes. */
    private void writeAll(Connection connection, byte[] data) {
        int offset = 0;
        for (int rounds = 0; offset < data.length && rounds < 100_000; rounds++) {
            offset += connection.write(data, offset, data.length - offset);
            loop.runNow();
        }
        assertThat(offset).isEqualTo(data.length);
    }

    @Test
    void handshake_tls13_negotiatesAlpnHttp11_andTracesBothSides() {
        Pair pair = connect(16384);

        assertThat(pair.outcome().completed).isTrue();
        assertThat(pair.client().handshakeCompleted()).isTrue();
        assertThat(pair.server().handshakeCompleted()).isTrue();
        assertThat(pair.client().protocol()).isEqualTo("TLSv1.3");
        assertThat(pair.client().applicationProtocol()).isEqualTo("http/1.1");
        assertThat(pair.server().applicationProtocol()).isEqualTo("http/1.1");
        assertThat(events).hasSize(2).allSatisfy(e -> {
            var done = (TraceEvent.TlsHandshakeCompleted) e;
            assertThat(done.protocol()).isEqualTo("TLSv1.3");
            assertThat(done.cipherSuite()).startsWith("TLS_");
            assertThat(done.applicationProtocol()).isEqualTo("http/1.1");
        });
        assertThat(events).extracting(e -> ((TraceEvent.TlsHandshakeCompleted) e).node())
                .containsExactlyInAnyOrder("client", "server");
    }

    @Test
    void handshake_tls12_whenTheServerAcceptsOnlyIt() {
        Pair pair = connect(serverTls.withProtocols("TLSv1.2"), trustingClient, "10.2.0.2", 16384);

        assertThat(pair.outcome().completed).isTrue();
        assertThat(pair.client().protocol()).isEqualTo("TLSv1.2");
        assertThat(pair.server().protocol()).isEqualTo("TLSv1.2");
        assertThat(pair.client().cipherSuite()).startsWith("TLS_ECDHE_ECDSA_");
        assertThat(pair.client().applicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void data_bothWays_byteExact_throughASmallTransportBuffer() {
        Pair pair = connect(3000); // far below one TLS record: every record takes several short writes
        Application client = pair.clientApp();
        Application server = pair.serverApp();
        byte[] request = new byte[200_000];
        byte[] response = new byte[300_000];
        new SplittableRandom(1).nextBytes(request);
        new SplittableRandom(2).nextBytes(response);

        writeAll(pair.client(), request);
        writeAll(pair.server(), response);
        loop.runNow();

        assertThat(server.received.toByteArray()).isEqualTo(request);
        assertThat(client.received.toByteArray()).isEqualTo(response);
        assertThat(client.writable + server.writable).as("short writes resumed by onWritable").isPositive();
        assertThat(pair.pipe().a.written.size()).as("ciphertext, not plaintext, on the wire")
                .isGreaterThan(request.length);
        assertThat(indexOf(pair.pipe().a.written.toByteArray(), java.util.Arrays.copyOf(request, 64))).isNegative();
    }

    @Test
    void writes_beforeTheHandshake_areRefused_thenOnWritableFollows() {
        MemoryPipe pipe = new MemoryPipe(loop, 16384);
        TlsConnection server = new TlsConnection(pipe.b, serverTls.newEngine(), loop, TlsConnection.Options.DEFAULT);
        TlsConnection client = new TlsConnection(pipe.a, trustingClient.newEngine("10.2.0.2", 443), loop,
                TlsConnection.Options.DEFAULT);
        Application clientApp = new Application(client);
        Application serverApp = new Application(server);
        server.start(null);
        client.start(null);

        assertThat(client.write(new byte[] {1, 2, 3}, 0, 3)).isZero();
        loop.runNow();
        assertThat(clientApp.writable).isEqualTo(1);
        assertThat(client.write(new byte[] {1, 2, 3}, 0, 3)).isEqualTo(3);
        loop.runNow();
        assertThat(serverApp.received.toByteArray()).containsExactly(1, 2, 3);
    }

    @Test
    void close_sendsCloseNotify_whichThePeerReadsAsTheEndOfTheStream() {
        Pair pair = connect(16384);
        Application client = pair.clientApp();
        Application server = pair.serverApp();
        pair.pipe().a.deliverEndOfStream = false; // only close_notify can tell the server the stream ended
        writeAll(pair.client(), "last words".getBytes());

        pair.client().close();
        loop.runNow();

        assertThat(server.received.toString()).isEqualTo("last words");
        assertThat(server.endOfStream).as("close_notify read as the end of the stream").isTrue();
        assertThat(pair.pipe().a.isClosed()).isTrue();
    }

    @Test
    void shutdownOutput_halfCloses_andTheServerStillAnswers() {
        Pair pair = connect(16384);
        Application client = pair.clientApp();
        Application server = pair.serverApp();
        writeAll(pair.client(), "question".getBytes());
        pair.client().shutdownOutput();
        loop.runNow();
        assertThat(server.endOfStream).isTrue();

        writeAll(pair.server(), "answer".getBytes());
        pair.server().close();
        loop.runNow();

        assertThat(client.received.toString()).isEqualTo("answer");
        assertThat(client.endOfStream).isTrue();
    }

    @Test
    void untrustedCertificate_failsTheHandshake_withAClearReason() {
        Pair pair = connect(serverTls, ClientTls.systemDefault(), "10.2.0.2", 16384);
        Application server = pair.serverApp();

        assertThat(pair.outcome().completed).isFalse();
        assertThat(pair.outcome().failure).startsWith("TLS failed: ")
                .contains("PKIX path building failed")
                .contains("certificate is not trusted");
        assertThat(server.closed).isTrue();
        assertThat(server.closeReason).startsWith("TLS failed: ");
        assertThat(events).isEmpty();
    }

    @Test
    void certificateForOtherAddresses_failsHostnameVerification() {
        Pair pair = connect(serverTls, trustingClient, "10.9.9.9", 16384);

        assertThat(pair.outcome().failure).contains("10.9.9.9").contains("certificate is not trusted");
    }

    @Test
    void certificateNames_localhostAnd127001_areAccepted() {
        assertThat(connect(serverTls, trustingClient, "localhost", 16384).outcome().completed).isTrue();
        assertThat(connect(serverTls, trustingClient, "127.0.0.1", 16384).outcome().completed).isTrue();
    }

    @Test
    void insecureClient_acceptsTheSelfSignedCertificate_forAnyHost() {
        Pair pair = connect(serverTls, ClientTls.insecure(), "203.0.113.7", 16384);

        assertThat(pair.outcome().completed).isTrue();
    }

    @Test
    void noCommonProtocolVersion_failsTheHandshake() {
        Pair pair = connect(serverTls.withProtocols("TLSv1.3"), trustingClient.withProtocols("TLSv1.2"), "10.2.0.2",
                16384);

        assertThat(pair.outcome().failure).startsWith("TLS failed: ");
        assertThat(pair.client().handshakeCompleted()).isFalse();
        assertThat(pair.server().handshakeCompleted()).isFalse();
    }

    @Test
    void silentPeer_timesOutTheHandshake() {
        MemoryPipe pipe = new MemoryPipe(loop, 16384);
        TlsConnection client = new TlsConnection(pipe.a, trustingClient.newEngine("10.2.0.2", 443), loop,
                trustingClient.withHandshakeTimeout(Duration.ofSeconds(5)).options());
        Outcome outcome = new Outcome();
        client.start(outcome);

        loop.runFor(Duration.ofSeconds(4));
        assertThat(outcome.failure).isNull();
        loop.runFor(Duration.ofSeconds(2));

        assertThat(outcome.failure).isEqualTo("TLS handshake did not complete within PT5S");
        assertThat(pipe.a.isClosed()).isTrue();
    }

    @Test
    void peerClosingDuringTheHandshake_isAClearFailure() {
        MemoryPipe pipe = new MemoryPipe(loop, 16384);
        TlsConnection client = new TlsConnection(pipe.a, trustingClient.newEngine("10.2.0.2", 443), loop,
                TlsConnection.Options.DEFAULT);
        Outcome outcome = new Outcome();
        client.start(outcome);
        pipe.b.close();
        loop.runNow();

        assertThat(outcome.failure).isEqualTo("the peer closed the connection during the TLS handshake");
    }

    @Test
    void plainHttpAtATlsServer_failsWithAClearReason() {
        MemoryPipe pipe = new MemoryPipe(loop, 16384);
        TlsConnection server = new TlsConnection(pipe.b, serverTls.newEngine(), loop, TlsConnection.Options.DEFAULT);
        Application serverApp = new Application(server);
        server.start(null);
        byte[] request = "GET / HTTP/1.1\r\nHost: s\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        pipe.a.write(request, 0, request.length);
        loop.runNow();

        assertThat(serverApp.closed).isTrue();
        assertThat(serverApp.closeReason).startsWith("TLS failed: ").containsIgnoringCase("SSL message");
        assertThat(serverApp.received.size()).isZero();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
