package dev.wirestack.http.server;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.HttpVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The static-file handler's answers (RFC 9110 sections 9, 13, 14), without a network. */
class StaticFileHandlerTest {
    @TempDir
    Path base;
    private StaticFileHandler handler;

    @BeforeEach
    void files() throws Exception {
        Path root = Files.createDirectories(base.resolve("root"));
        Files.writeString(root.resolve("a.txt"), "0123456789");
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("dir/index.html"), "<p>index</p>");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(base.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("link.txt"), base.resolve("secret.txt"));
        handler = new StaticFileHandler(root);
    }

    private HttpResponse get(String method, String path, String... headers) throws Exception {
        return handler.respond(new HttpRequest(method, path, path, null, Headers.of(headers), HttpVersion.HTTP_1_1,
                "test"));
    }

    private static String body(HttpResponse response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64];
        int n;
        while ((n = response.body().read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /a.txt, 200", "HEAD, /a.txt, 200", "GET, /nope.txt, 404", "GET, /../secret.txt, 403",
            "GET, /%2e%2e/secret.txt, 403", "GET, /dir/../../secret.txt, 403", "GET, /link.txt, 403",
            "GET, /dir/, 200", "GET, /dir, 301", "GET, /empty/, 404", "OPTIONS, /a.txt, 204", "POST, /a.txt, 405",
            "DELETE, /a.txt, 405", "TRACE, /a.txt, 405", "BREW, /a.txt, 501"})
    void statusFor(String method, String path, int status) throws Exception {
        assertThat(get(method, path).status()).isEqualTo(status);
    }

    @Test
    void getServesTheFile_withTypeValidatorsAndLength() throws Exception {
        HttpResponse response = get("GET", "/a.txt");

        assertThat(body(response)).isEqualTo("0123456789");
        assertThat(response.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.headers().get("ETag")).startsWith("\"a-");
        assertThat(response.headers().get("Last-Modified")).endsWith(" GMT");
        assertThat(response.body().length()).isEqualTo(10);
    }

    @Test
    void refusedMethods_sayWhatIsAllowed() throws Exception {
        assertThat(get("TRACE", "/a.txt").headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(get("OPTIONS", "*").headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void methodsOtherHandlersServe_areListedInAllow() throws Exception {
        handler = new StaticFileHandler(base.resolve("root"), java.util.List.of("POST", "PUT"));

        assertThat(get("OPTIONS", "/a.txt").headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST, PUT");
        assertThat(get("DELETE", "/a.txt").headers().get("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST, PUT");
        assertThat(get("DELETE", "/a.txt").status()).isEqualTo(405);
        assertThat(get("GET", "/a.txt").status()).isEqualTo(200);
    }

    @Test
    void otherMethodsMustBeKnownAndNotTheFilesOwnNorTrace() {
        for (String method : new String[] {"GET", "OPTIONS", "TRACE", "BREW"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> new StaticFileHandler(base.resolve("root"), java.util.List.of(method)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(method);
        }
    }

    @Test
    void conditionalRequests_get304() throws Exception {
        HttpResponse first = get("GET", "/a.txt");
        String etag = first.headers().get("ETag");
        String modified = first.headers().get("Last-Modified");

        assertThat(get("GET", "/a.txt", "If-None-Match", etag).status()).isEqualTo(304);
        assertThat(get("GET", "/a.txt", "If-None-Match", "W/" + etag).status()).isEqualTo(304);
        assertThat(get("GET", "/a.txt", "If-None-Match", "\"other\"").status()).isEqualTo(200);
        assertThat(get("GET", "/a.txt", "If-Modified-Since", modified).status()).isEqualTo(304);
        assertThat(get("GET", "/a.txt", "If-Modified-Since", "Mon, 01 Jan 1990 00:00:00 GMT").status())
                .isEqualTo(200);
        // If-None-Match wins over If-Modified-Since (RFC 9110 section 13.2.2).
        assertThat(get("GET", "/a.txt", "If-None-Match", "\"other\"", "If-Modified-Since", modified).status())
                .isEqualTo(200);
    }

    @Test
    void ranges_206_416_andIgnoredWhenMultipleOrStale() throws Exception {
        HttpResponse partial = get("GET", "/a.txt", "Range", "bytes=2-4", "Accept-Encoding", "gzip");
        assertThat(partial.status()).isEqualTo(206);
        assertThat(partial.headers().get("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(partial.headers().has("Content-Encoding")).isFalse();
        assertThat(body(partial)).isEqualTo("234");

        assertThat(body(get("GET", "/a.txt", "Range", "bytes=-3"))).isEqualTo("789");
        assertThat(body(get("GET", "/a.txt", "Range", "bytes=7-"))).isEqualTo("789");
        HttpResponse unsatisfiable = get("GET", "/a.txt", "Range", "bytes=10-20");
        assertThat(unsatisfiable.status()).isEqualTo(416);
        assertThat(unsatisfiable.headers().get("Content-Range")).isEqualTo("bytes */10");
        assertThat(get("GET", "/a.txt", "Range", "bytes=0-1,3-4").status()).isEqualTo(200);
        assertThat(get("GET", "/a.txt", "Range", "bytes=0-1", "If-Range", "\"stale\"").status()).isEqualTo(200);
    }

    @Test
    void gzip_onlyWhenAcceptedAndCompressible() throws Exception {
        HttpResponse gzipped = get("GET", "/a.txt", "Accept-Encoding", "br, gzip;q=0.5");
        assertThat(gzipped.headers().get("Content-Encoding")).isEqualTo("gzip");
        assertThat(gzipped.body().length()).isEqualTo(-1);
        assertThat(gzipped.headers().get("Vary")).isEqualTo("Accept-Encoding");

        assertThat(get("GET", "/a.txt", "Accept-Encoding", "gzip;q=0").headers().has("Content-Encoding")).isFalse();
        assertThat(get("GET", "/a.txt", "Accept-Encoding", "*;q=1, gzip;q=0").headers().has("Content-Encoding"))
                .isFalse();
        assertThat(get("GET", "/a.txt").headers().has("Content-Encoding")).isFalse();
    }
}
