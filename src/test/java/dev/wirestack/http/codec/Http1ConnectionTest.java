package dev.wirestack.http.codec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each side sends and how it reads responses: framing chosen by the codec, states, errors (RFC 9112). */
class Http1ConnectionTest {
    private static final HttpEvent.EndOfMessage END = HttpEvent.EndOfMessage.NO_TRAILERS;

    @Test
    void responseWithoutLength_toHttp11_isChunked_rfc9112_7_1() {
        var server = serverAfter("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(server.nextEvent()).isEqualTo(END);

        String wire = text(server.send(new HttpEvent.Response(200, Headers.EMPTY)))
                + text(server.send(new HttpEvent.Data(bytes("hello"))))
                + text(server.send(new HttpEvent.Data(new byte[0])))
                + text(server.send(new HttpEvent.EndOfMessage(Headers.of("X-Sum", "1"))));

        assertThat(wire).isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Sum: 1\r\n\r\n");
        assertThat(server.ourState()).isEqualTo(ConnState.IDLE);
    }

    @Test
    void wholeResponse_isTheHeadTheDataAndTheEnd_inOneArray() {
        var server = serverAfter("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(server.nextEvent()).isEqualTo(END);

        byte[] wire = server.sendWhole(new HttpEvent.Response(200, Headers.of("Content-Length", "5")), bytes("hello"));

        assertThat(text(wire)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(server.ourState()).isEqualTo(ConnState.IDLE); // the next cycle began, as after END
    }

    @Test
    void wholeResponse_toHttp10_closes_andNeedsALengthOfItsSize() {
        var server = serverAfter("GET / HTTP/1.0\r\n\r\n");
        byte[] wire = server.sendWhole(new HttpEvent.Response(200, Headers.of("Content-Length", "2")), bytes("ok"));
        assertThat(text(wire)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        assertThat(server.ourState()).isEqualTo(ConnState.MUST_CLOSE);

        var other = serverAfter("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThatThrownBy(() -> other.sendWhole(new HttpEvent.Response(200, Headers.of("Content-Length", "3")),
                bytes("ok"))).isInstanceOf(LocalProtocolError.class);
        assertThat(other.ourState()).isEqualTo(ConnState.ERROR);
        var chunked = serverAfter("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThatThrownBy(() -> chunked.sendWhole(new HttpEvent.Response(200, Headers.EMPTY), bytes("ok")))
                .isInstanceOf(LocalProtocolError.class);
    }

    @Test
    void responseToHttp10KeepAlive_saysKeepAlive_andStaysOpen_rfc9112_9_3() {
        var server = serverAfter("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(server.nextEvent()).isEqualTo(END);

        String head = text(server.send(new HttpEvent.Response(200, Headers.of("Content-Length", "0"))));
        server.send(END);

        assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(server.ourState()).isEqualTo(ConnState.IDLE);
    }

    @Test
    void responseWithoutLength_toHttp10_isDelimitedByClose() {
        var server = serverAfter("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

        String head = text(server.send(new HttpEvent.Response(200, Headers.EMPTY)));
        String body = text(server.send(new HttpEvent.Data(bytes("all of it"))));
        server.send(END);

        assertThat(head).isEqualTo("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        assertThat(body).isEqualTo("all of it");
        assertThat(server.ourState()).isEqualTo(ConnState.MUST_CLOSE);
    }

    @Test
    void headResponse_keepsContentLength_butSendsNoBody_rfc9110_9_3_2() {
        var server = serverAfter("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
        server.send(new HttpEvent.Response(200, Headers.of("Content-Length", "42")));

        assertThatThrownBy(() -> server.send(new HttpEvent.Data(bytes("x")))).isInstanceOf(LocalProtocolError.class);
    }

    @Test
    void moreBytesThanAnnounced_isALocalError_andTheSideFails() {
        var server = serverAfter("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        server.send(new HttpEvent.Response(200, Headers.of("Content-Length", "2")));

        assertThatThrownBy(() -> server.send(new HttpEvent.Data(bytes("abc")))).isInstanceOf(LocalProtocolError.class);
        assertThat(server.ourState()).isEqualTo(ConnState.ERROR);
    }

    @Test
    void aValueWithCrLf_isRefused_noResponseSplitting() {
        var server = serverAfter("GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThatThrownBy(() -> server.send(new HttpEvent.Response(302,
                Headers.of("Location", "/x\r\nSet-Cookie: evil=1")))).isInstanceOf(LocalProtocolError.class);
    }

    @Test
    void expect100Continue_isVisible_untilTheServerAnswers_rfc9110_10_1_1() {
        var server = serverAfter("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        assertThat(server.theyAreWaitingFor100Continue()).isTrue();
        assertThat(server.nextEvent()).isEqualTo(Signal.NEED_DATA);

        String interim = text(server.send(new HttpEvent.Response(100, Headers.EMPTY)));
        server.receiveData(bytes("ok"));

        assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(server.theyAreWaitingFor100Continue()).isFalse();
        assertThat(server.nextEvent()).isInstanceOf(HttpEvent.Data.class);
        assertThat(server.nextEvent()).isEqualTo(END);
    }

    @Test
    void pipelinedRequest_waitsPaused_untilTheResponseIsComplete() {
        var server = new Http1Connection(Role.SERVER, HttpLimits.DEFAULT);
        server.receiveData(bytes("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n"));
        assertThat(server.nextEvent()).isInstanceOf(HttpEvent.Request.class);
        assertThat(server.nextEvent()).isEqualTo(END);

        assertThat(server.nextEvent()).isEqualTo(Signal.PAUSED);
        server.send(new HttpEvent.Response(204, Headers.EMPTY));
        assertThat(server.nextEvent()).isEqualTo(Signal.PAUSED);
        server.send(END);

        assertThat(server.nextEvent()).isInstanceOfSatisfying(HttpEvent.Request.class,
                r -> assertThat(r.target()).isEqualTo("/2"));
    }

    @Test
    void remoteError_isRaisedAgain_onEveryLaterCall() {
        var server = new Http1Connection(Role.SERVER, HttpLimits.DEFAULT);
        server.receiveData(bytes("GET / HTTP/9.9\r\n\r\n"));

        assertThatThrownBy(server::nextEvent).isInstanceOfSatisfying(RemoteProtocolError.class,
                e -> assertThat(e.statusHint()).isEqualTo(505));
        assertThatThrownBy(server::nextEvent).isInstanceOf(RemoteProtocolError.class);
        assertThat(server.theirState()).isEqualTo(ConnState.ERROR);
        // The one thing left to do: answer it, and close.
        server.send(new HttpEvent.Response(505, Headers.of("Content-Length", "0")));
        server.send(END);
        assertThat(server.ourState()).isEqualTo(ConnState.MUST_CLOSE);
    }

    @Test
    void clientRequest_needsHost_andOneRequestAtATime() {
        var client = new Http1Connection(Role.CLIENT, HttpLimits.DEFAULT);
        assertThatThrownBy(() -> client.send(new HttpEvent.Request("GET", "/", Headers.EMPTY)))
                .isInstanceOf(LocalProtocolError.class);

        var ok = new Http1Connection(Role.CLIENT, HttpLimits.DEFAULT);
        assertThat(text(ok.send(new HttpEvent.Request("GET", "/x", Headers.of("Host", "h")))))
                .isEqualTo("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        ok.send(END);
        assertThatThrownBy(() -> ok.send(new HttpEvent.Request("GET", "/y", Headers.of("Host", "h"))))
                .isInstanceOf(LocalProtocolError.class);
    }

    @Test
    void client_readsChunkedResponseWithTrailers_atEveryFragmentSize() {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\nT: 1\r\n\r\n";
        for (int fragment = 1; fragment <= response.length(); fragment++) {
            var result = fetch("GET", response, fragment, false);
            assertThat(result).as("fragment %d", fragment)
                    .isEqualTo(List.of("200", "abcdefg", "trailers [Field[name=T, value=1]]", "IDLE"));
        }
    }

    @Test
    void client_headAnd304_haveNoBody_evenWithContentLength() {
        assertThat(fetch("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 0, false))
                .containsExactly("200", "", "trailers []", "IDLE");
        assertThat(fetch("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n", 0, false))
                .containsExactly("304", "", "trailers []", "IDLE");
    }

    @Test
    void client_readsCloseDelimitedBody_untilTheEnd() {
        assertThat(fetch("GET", "HTTP/1.0 200 OK\r\n\r\nuntil the end", 0, true))
                .containsExactly("200", "until the end", "trailers []", "closed", "CLOSED");
    }

    @Test
    void client_skipsInterimResponses() {
        assertThat(fetch("GET", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, false))
                .containsExactly("100", "", "200", "ok", "trailers []", "IDLE");
    }

    /** A client sends {@code method} and reads {@code response}; events summarised, then the client's state. */
    private static List<String> fetch(String method, String response, int fragment, boolean eof) {
        var client = new Http1Connection(Role.CLIENT, HttpLimits.DEFAULT);
        client.send(new HttpEvent.Request(method, "/", Headers.of("Host", "h")));
        client.send(END);
        byte[] raw = bytes(response);
        int step = fragment == 0 ? raw.length : fragment;
        List<String> out = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int offset = 0; offset <= raw.length; offset += step) {
            if (offset < raw.length) {
                client.receiveData(raw, offset, Math.min(step, raw.length - offset));
            } else if (eof) {
                client.receiveEof();
            }
            Step s;
            while (!((s = client.nextEvent()) instanceof Signal)) {
                switch (s) {
                    case HttpEvent.Response r -> {
                        out.add(String.valueOf(r.status()));
                        if (r.isInformational()) {
                            out.add("");
                        }
                    }
                    case HttpEvent.Data d -> body.writeBytes(d.bytes());
                    case HttpEvent.EndOfMessage e -> {
                        out.add(body.toString(StandardCharsets.ISO_8859_1));
                        out.add("trailers " + e.trailers().fields());
                    }
                    case HttpEvent.ConnectionClosed c -> {
                        out.add("closed");
                        client.send(c);
                    }
                    default -> throw new AssertionError(s);
                }
                if (s instanceof HttpEvent.ConnectionClosed) {
                    break;
                }
            }
        }
        out.add(client.ourState().name());
        return out;
    }

    private static Http1Connection serverAfter(String request) {
        var server = new Http1Connection(Role.SERVER, HttpLimits.DEFAULT);
        server.receiveData(bytes(request));
        assertThat(server.nextEvent()).isInstanceOf(HttpEvent.Request.class);
        return server;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
