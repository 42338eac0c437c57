package dev.wirestack.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.ManualLoop;
import dev.wirestack.http.transport.Network;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A graceful shutdown: listeners closed, idle connections half-closed at once, busy ones after their response. */
class HttpServerShutdownTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";

    /** A network whose connections the test hands to the server, all on one scripted loop. */
    private static final class ScriptedNetwork implements Network {
        final ManualLoop loop = new ManualLoop();
        Consumer<Connection> onAccept;
        boolean listenerClosed;

        ScriptedConnection accept() {
            ScriptedConnection connection = new ScriptedConnection(loop);
            onAccept.accept(connection);
            return connection;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public Listening listen(int port, Consumer<Connection> accepted) {
            onAccept = accepted;
            return new Listening() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() {
                    listenerClosed = true;
                }
            };
        }

        @Override
        public void connect(String host, int port, ConnectHandler handler) {
            throw new UnsupportedOperationException("a server test connects nowhere");
        }
    }

    private final ScriptedNetwork network = new ScriptedNetwork();
    private final List<HttpExchange> held = new ArrayList<>();

    /** Answers "/" at once and holds "/slow" until the test answers it. */
    private HttpServer serve() throws Exception {
        HttpServer server = new HttpServer(exchange -> {
            if (exchange.request().path().equals("/slow")) {
                held.add(exchange);
            } else {
                exchange.respond(HttpResponse.text(200, "fast\n"));
            }
        }, ServerConfig.DEFAULT);
        server.serve(network, 80);
        return server;
    }

    /** Asks for the shutdown and lets the loop run what it asked for. */
    private CompletableFuture<Void> shutdown(HttpServer server) {
        CompletableFuture<Void> done = server.shutdown();
        network.loop.runNow();
        return done;
    }

    @Test
    void withoutConnectionsTheShutdownIsDoneAtOnce_andTheListenerIsClosed() throws Exception {
        HttpServer server = serve();

        CompletableFuture<Void> done = shutdown(server);

        assertThat(done).isDone();
        assertThat(network.listenerClosed).isTrue();
    }

    @Test
    void anIdleConnectionIsHalfClosedAtOnce_andEndsWhenTheClientCloses() throws Exception {
        HttpServer server = serve();
        ScriptedConnection client = network.accept();
        client.feed(GET);

        CompletableFuture<Void> done = shutdown(server);

        assertThat(client.outputShut).isTrue();
        assertThat(client.written()).doesNotContain("Connection: close");
        assertThat(done).isNotDone();
        client.endInput();
        assertThat(done).isDone();
        assertThat(client.closedAs).isEqualTo("close");
    }

    @Test
    void aResponseInProgressIsFinishedWithConnectionClose_thenTheConnectionCloses() throws Exception {
        HttpServer server = serve();
        ScriptedConnection client = network.accept();
        client.feed("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n" + GET);

        CompletableFuture<Void> done = shutdown(server);
        assertThat(client.outputShut).isFalse();
        held.getFirst().respond(HttpResponse.text(200, "slow\n"));

        assertThat(client.written()).startsWith("HTTP/1.1 200 OK\r\n").contains("Connection: close\r\n")
                .endsWith("slow\n");
        assertThat(client.written()).as("the pipelined request is not answered").doesNotContain("fast");
        assertThat(client.outputShut).isTrue();
        client.endInput();
        assertThat(done).isDone();
    }

    @Test
    void aClientThatNeverClosesIsClosedAfterTheLingerTime() throws Exception {
        HttpServer server = serve();
        ScriptedConnection client = network.accept();

        CompletableFuture<Void> done = shutdown(server);
        network.loop.runFor(ServerConfig.DEFAULT.lingerTimeout().minusMillis(1));
        assertThat(done).isNotDone();
        network.loop.runFor(Duration.ofMillis(1));

        assertThat(done).isDone();
        assertThat(client.closedAs).isEqualTo("close");
    }

    @Test
    void aConnectionAcceptedAfterTheShutdownBeganIsClosedToo() throws Exception {
        HttpServer server = serve();
        ScriptedConnection first = network.accept();
        CompletableFuture<Void> done = shutdown(server);

        ScriptedConnection late = network.accept();
        first.endInput();
        assertThat(done).isNotDone();
        late.endInput();

        assertThat(late.outputShut).isTrue();
        assertThat(done).isDone();
    }
}
