package dev.wirestack.http.codec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Valid, malformed and hostile requests, each with the statuses a server answers (one per request, in order) and
 * whether the connection stays open afterwards (RFC 9110, RFC 9112). Limits: request line 100 bytes, header
 * section 300, 10 fields, body 1000, chunk line 64. Each is also fed at every fragment size from 1 byte to its whole
 * length, which must change nothing (Netty's testDecodeWholeRequestInMultipleSteps).
 */
class RequestTableTest {
    private static final String H = "Host: a\r\n";

    static Stream<Arguments> requests() {
        return Stream.of(
                // ---- valid
                row("minimal HTTP/1.1", "GET / HTTP/1.1\r\n" + H + "\r\n", "200", true),
                row("HTTP/1.0 closes by default", "GET / HTTP/1.0\r\n\r\n", "200", false),
                row("HTTP/1.0 keep-alive on request", "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "200", true),
                row("Connection: close", "GET / HTTP/1.1\r\n" + H + "Connection: close\r\n\r\n", "200", false),
                row("Connection tokens are a list", "GET / HTTP/1.1\r\n" + H + "Connection: foo, CLOSE\r\n\r\n", "200",
                        false),
                row("leading empty line ignored", "\r\nGET / HTTP/1.1\r\n" + H + "\r\n", "200", true),
                row("bare LF line ends", "GET / HTTP/1.1\n" + H.replace("\r", "") + "\n", "200", true),
                row("HTTP/1.2 read as 1.1", "GET / HTTP/1.2\r\n" + H + "\r\n", "200", true),
                row("absolute-form target", "GET http://a/x?y HTTP/1.1\r\n" + H + "\r\n", "200", true),
                row("Content-Length body", "POST /p HTTP/1.1\r\n" + H + "Content-Length: 5\r\n\r\nhello", "200", true),
                row("identical duplicate Content-Length", "POST / HTTP/1.1\r\n" + H
                        + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "200", true),
                row("chunked body", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "200", true),
                row("chunked with extensions and trailers", "POST / HTTP/1.1\r\n" + H
                        + "Transfer-Encoding: Chunked\r\n\r\n5;ext=1\r\nhello\r\nA ;e\r\n0123456789\r\n0\r\n"
                        + "Checksum: abc\r\n\r\n", "200", true),
                row("header names case-insensitive", "GET / HTTP/1.1\r\nhOsT: a\r\n\r\n", "200", true),
                row("OWS around values", "GET / HTTP/1.1\r\nHost: \t a \t\r\n\r\n", "200", true),
                row("obs-text in a value", "GET / HTTP/1.1\r\n" + H + "X: caf\u00e9\r\n\r\n", "200", true),
                row("pipelined, answered in order", "GET /1 HTTP/1.1\r\n" + H + "\r\nGET /2 HTTP/1.1\r\n" + H
                        + "\r\nPOST /3 HTTP/1.1\r\n" + H + "Content-Length: 1\r\n\r\nx", "200 200 200", true),
                row("pipelined, then close", "GET /1 HTTP/1.1\r\n" + H + "\r\nGET /2 HTTP/1.1\r\n" + H
                        + "Connection: close\r\n\r\nGET /3 HTTP/1.1\r\n" + H + "\r\n", "200 200", false),
                row("Expect: 100-continue", "PUT / HTTP/1.1\r\n" + H + "Expect: 100-continue\r\nContent-Length: 2"
                        + "\r\n\r\nok", "200", true),
                // ---- malformed: 400 and close
                row("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", "400", false),
                row("two Host fields", "GET / HTTP/1.1\r\n" + H + H + "\r\n", "400", false),
                row("two spaces in the request line", "GET  / HTTP/1.1\r\n" + H + "\r\n", "400", false),
                row("missing version (HTTP/0.9)", "GET /\r\n\r\n", "400", false),
                row("malformed version", "GET / HTTX/1.1\r\n" + H + "\r\n", "400", false),
                row("version with two digits", "GET / HTTP/1.10\r\n" + H + "\r\n", "400", false),
                row("invalid method", "GE(T / HTTP/1.1\r\n" + H + "\r\n", "400", false),
                row("non-ASCII target", "GET /\u00e9 HTTP/1.1\r\n" + H + "\r\n", "400", false),
                row("obsolete line folding", "GET / HTTP/1.1\r\n" + H + "X: a\r\n b\r\n\r\n", "400", false),
                row("space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", "400", false),
                row("line without a colon", "GET / HTTP/1.1\r\n" + H + "nocolon\r\n\r\n", "400", false),
                row("NUL in a value", "GET / HTTP/1.1\r\n" + H + "X: a\u0000b\r\n\r\n", "400", false),
                row("bare CR in a value", "GET / HTTP/1.1\r\n" + H + "X: a\rb\r\n\r\n", "400", false),
                row("bad chunk size", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", "400",
                        false),
                row("chunk data without CRLF", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                        + "2\r\nabc\r\n0\r\n\r\n", "400", false),
                row("chunk size overflow", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                        + "ffffffffffffffffff\r\n", "400", false),
                row("closed in the middle of a body", "POST / HTTP/1.1\r\n" + H + "Content-Length: 9\r\n\r\nabc",
                        "400", false),
                row("closed in the middle of a head", "GET / HTTP/1.1\r\nHo", "400", false),
                row("garbage after a valid request", "GET / HTTP/1.1\r\n" + H + "\r\nBLAH\r\n\r\n", "200 400", false),
                // ---- smuggling: 400 and close
                row("Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\n" + H + "Content-Length: 3\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400", false),
                row("differing Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5\r\n"
                        + "Content-Length: 6\r\n\r\nhello!", "400", false),
                row("differing Content-Length in a list", "POST / HTTP/1.1\r\n" + H + "Content-Length: 5, 6\r\n\r\n",
                        "400", false),
                row("negative Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: -1\r\n\r\n", "400", false),
                row("signed Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: +5\r\n\r\nhello", "400",
                        false),
                row("hex Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 0x5\r\n\r\nhello", "400",
                        false),
                row("huge Content-Length", "POST / HTTP/1.1\r\n" + H + "Content-Length: 99999999999999999999\r\n\r\n",
                        "400", false),
                row("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0\r\n\r\n", "400", false),
                row("chunked twice", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400", false),
                row("chunked not last", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked, gzip\r\n\r\n", "400",
                        false),
                // ---- limits
                row("request line too long", "GET /" + "a".repeat(100) + " HTTP/1.1\r\n" + H + "\r\n", "414", false),
                row("request line too long, unterminated", "GET /" + "a".repeat(200), "414", false),
                row("header section too large", "GET / HTTP/1.1\r\n" + H + "X: " + "b".repeat(300) + "\r\n\r\n", "431",
                        false),
                row("too many header fields", "GET / HTTP/1.1\r\n" + H + "X: 1\r\n".repeat(10) + "\r\n", "431",
                        false),
                row("trailer section too large", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                        + "0\r\nX: " + "t".repeat(300) + "\r\n\r\n", "431", false),
                row("declared body over the maximum", "POST / HTTP/1.1\r\n" + H + "Content-Length: 1001\r\n\r\n",
                        "413", false),
                row("chunked body over the maximum", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                        + "1f4\r\n" + "x".repeat(500) + "\r\n1f5\r\n", "413", false),
                row("chunk line too long", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: chunked\r\n\r\n"
                        + "5;" + "e".repeat(80) + "\r\n", "400", false),
                row("unknown transfer coding", "POST / HTTP/1.1\r\n" + H + "Transfer-Encoding: foo\r\n\r\n", "501",
                        false),
                row("unsupported transfer coding before chunked", "POST / HTTP/1.1\r\n" + H
                        + "Transfer-Encoding: gzip, chunked\r\n\r\n", "501", false),
                row("HTTP/2.0 in an HTTP/1 request line", "GET / HTTP/2.0\r\n" + H + "\r\n", "505", false),
                row("HTTP/3.0", "GET / HTTP/3.0\r\n" + H + "\r\n", "505", false),
                row("HTTP/0.9 with a version", "GET / HTTP/0.9\r\n\r\n", "505", false));
    }

    private static Arguments row(String name, String raw, String statuses, boolean open) {
        return arguments(name, raw, Arrays.stream(statuses.split(" ")).map(Integer::valueOf).toList(), open);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void answersWithTheExpectedStatusesAndPersistence(String name, String raw, List<Integer> statuses, boolean open) {
        ServerCodecDriver.Outcome outcome = ServerCodecDriver.serve(raw, 0);

        assertThat(outcome.statuses()).as("statuses").isEqualTo(statuses);
        assertThat(outcome.open()).as("connection stays open").isEqualTo(open);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyFragmentSize_givesTheSameEvents(String name, String raw, List<Integer> statuses, boolean open) {
        ServerCodecDriver.Outcome whole = ServerCodecDriver.serve(raw, 0);

        for (int fragment = 1; fragment <= raw.length(); fragment++) {
            assertThat(ServerCodecDriver.serve(raw, fragment)).as("fragments of %d bytes", fragment).isEqualTo(whole);
        }
    }
}
