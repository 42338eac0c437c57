package dev.wirestack.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.transport.ManualLoop;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * How responses leave (one write per response, one for pipelined responses read together, resumed after short
 * writes) and how the keep-alive timers follow the requests without piling up on the loop.
 */
class ServerConnectionWritesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T14:00:00Z"), ZoneOffset.UTC);
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Server: wirestack\r\nDate: Fri, 27 Nov 2026 14:00:00 GMT\r\nContent-Length: 13\r\n\r\nHello, world\n";

    private final ManualLoop loop = new ManualLoop();
    private final ScriptedConnection connection = new ScriptedConnection(loop);

    private void serve() {
        new ServerConnection(connection, loop, ServerConfig.DEFAULT.withWallClock(CLOCK),
                exchange -> exchange.respond(HttpResponse.text(200, "Hello, world\n")), new DateField(CLOCK), () -> { })
                .start();
    }

    @Test
    void aResponseLeavesInOneWrite() {
        serve();

        connection.feed(GET);

        assertThat(connection.writes).containsExactly(RESPONSE);
    }

    @Test
    void pipelinedRequestsReadTogetherAreAnsweredInOrderInOneWrite() {
        serve();

        connection.feed(GET + GET.replace("/ ", "/second ") + GET);

        assertThat(connection.writes).containsExactly(RESPONSE + RESPONSE + RESPONSE);
    }

    @Test
    void aBodyWithMoreBytesThanItsLengthIsCutOffByAReset() {
        serveBody(3, "abcd");

        connection.feed(GET);

        assertThat(connection.closedAs).isEqualTo("abort");
        assertThat(String.join("", connection.writes)).doesNotContain("abcd");
    }

    @Test
    void aBodyWithFewerBytesThanItsLengthIsCutOffByAReset() {
        serveBody(5, "abcd");

        connection.feed(GET);

        assertThat(connection.closedAs).isEqualTo("abort");
    }

    @Test
    void aBodyOfExactlyItsLengthEndsTheResponseAndTheConnectionStaysOpen() {
        serveBody(4, "abcd");

        connection.feed(GET);

        assertThat(connection.closedAs).isNull();
        assertThat(String.join("", connection.writes)).endsWith("Content-Length: 4\r\n\r\nabcd");
    }

    /** Serves a body that says it has {@code length} bytes and gives {@code content}, whatever that holds. */
    private void serveBody(long length, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        Body lying = new Body() {
            private int position;

            @Override
            public long length() {
                return length;
            }

            @Override
            public int read(byte[] into, int offset, int max) {
                if (position == bytes.length) {
                    return -1;
                }
                int count = Math.min(max, bytes.length - position);
                System.arraycopy(bytes, position, into, offset, count);
                position += count;
                return count;
            }
        };
        new ServerConnection(connection, loop, ServerConfig.DEFAULT.withWallClock(CLOCK),
                exchange -> exchange.respond(new HttpResponse(200, Headers.EMPTY, lying)),
                new DateField(CLOCK), () -> { }).start();
    }

    @Test
    void requestsArrivingApartAreAnsweredApart() {
        serve();

        connection.feed(GET);
        connection.feed(GET);

        assertThat(connection.writes).containsExactly(RESPONSE, RESPONSE);
    }

    @Test
    void aShortWriteResumesWhenTheConnectionTakesMoreAndPipeliningGoesOn() {
        serve();
        connection.window = 10;

        connection.feed(GET + GET);
        assertThat(connection.written()).isEqualTo(RESPONSE.substring(0, 10));

        connection.openWindow();

        assertThat(connection.written()).isEqualTo(RESPONSE + RESPONSE);
        assertThat(connection.closedAs).isNull();
    }

    @Test
    void connectionCloseIsAnsweredThenTheOutputIsShut() {
        serve();

        connection.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(connection.writes).hasSize(1);
        assertThat(connection.written()).contains("Connection: close\r\n").endsWith("Hello, world\n");
        assertThat(connection.outputShut).isTrue();
    }

    @Test
    void theIdleTimeoutCountsFromTheLastResponse_andManyRequestsLeaveOneTimerOnTheLoop() {
        serve();
        Duration idle = ServerConfig.DEFAULT.idleTimeout();

        for (int i = 0; i < 1000; i++) {
            connection.feed(GET);
            loop.runFor(Duration.ofMillis(20));
        }
        assertThat(loop.pending()).isLessThanOrEqualTo(2);
        loop.runFor(idle.minusMillis(100));
        assertThat(connection.outputShut).as("idle for less than the timeout").isFalse();
        loop.runFor(Duration.ofMillis(200));

        assertThat(connection.outputShut).as("idle for longer than the timeout").isTrue();
        assertThat(connection.writes).hasSize(1000);
    }

    @Test
    void aHeadStartedAfterAnIdlePeriodStillHasOnlyTheHeaderTimeout() {
        serve();
        connection.feed(GET);
        loop.runFor(Duration.ofSeconds(5));

        connection.feed("GET / HTTP/1.1\r\n");
        loop.runFor(ServerConfig.DEFAULT.headerTimeout().plusMillis(1));

        assertThat(connection.written()).endsWith("the request head did not arrive in time\n")
                .contains("HTTP/1.1 408 Request Timeout\r\n");
    }

    @Test
    void aRequestAndTheClientsHalfCloseReadTogether_stillGetTheResponseBeforeTheFin() {
        serve();

        connection.feedLast(GET + GET);

        assertThat(connection.writes).containsExactly(RESPONSE + RESPONSE);
        assertThat(connection.outputShut).isTrue();
    }
}
