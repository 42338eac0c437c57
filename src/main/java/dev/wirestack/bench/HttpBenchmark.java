package dev.wirestack.bench;

import dev.wirestack.http.server.HttpResponse;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.transport.Network;
import dev.wirestack.http.transport.NioNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wirestack bench http}: requests per second that {@code wrk} gets from Wirestack's HTTP server on the JDK's
 * sockets ({@link NioNetwork}), and from the JDK's own {@code com.sun.net.httpserver.HttpServer}, one after the other
 * in the same run, each on its own ephemeral port on 127.0.0.1, both answering every request with the same 13-byte
 * text/plain body (UTF-8).
 *
 * <p>Both servers handle requests on one thread: Wirestack on its event loop, the JDK's server on its dispatcher
 * thread (no executor set). Each gets a one-second wrk warm-up (JIT) before the measured run.
 */
public final class HttpBenchmark {
    /** The body both servers send: 13 bytes. */
    public static final String BODY = "Hello, world\n";
    /** What {@link HttpResponse#text} sends, so both servers send the same header. */
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final String WRK = "wrk";
    private static final int WRK_THREADS = 2;
    private static final int WARM_UP_SECONDS = 1;
    /** wrk stops itself after its duration; this margin covers its start and a slow machine. */
    private static final int WRK_GRACE_SECONDS = 30;
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_SUCCESS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /** What wrk reported for one server: requests/s, requests in all, and failed ones (socket errors, non-2xx/3xx). */
    public record WrkResult(double requestsPerSecond, long requests, long errors) {
    }

    /** Both servers' figures from one run. */
    public record Result(WrkResult wirestack, WrkResult jdkHttpServer, int seconds, int connections) {
        /** Wirestack's requests/s as a fraction of the JDK server's. */
        public double ratio() {
            return wirestack.requestsPerSecond() / jdkHttpServer.requestsPerSecond();
        }

        public long errors() {
            return wirestack.errors() + jdkHttpServer.errors();
        }
    }

    private HttpBenchmark() {
    }

    /**
     * Runs wrk for {@code seconds} with {@code connections} against each server in turn.
     *
     * @throws IllegalStateException when wrk is missing, fails, or prints no Requests/sec line
     */
    public static Result run(int seconds, int connections) throws InterruptedException {
        WrkResult wirestack = againstWirestack(seconds, connections);
        WrkResult jdk = againstJdkHttpServer(seconds, connections);
        return new Result(wirestack, jdk, seconds, connections);
    }

    private static WrkResult againstWirestack(int seconds, int connections) throws InterruptedException {
        try (NioNetwork network = NioNetwork.start("bench-http", InetAddress.getLoopbackAddress())) {
            Network.Listening listening = new HttpServer(
                    // A response's body is read as it is sent, once: each request gets its own.
                    exchange -> exchange.respond(HttpResponse.text(200, BODY)), ServerConfig.DEFAULT)
                    .serve(network, 0);
            try {
                return measure(listening.port(), seconds, connections);
            } finally {
                listening.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Wirestack's HTTP server", e);
        }
    }

    private static WrkResult againstJdkHttpServer(int seconds, int connections) throws InterruptedException {
        byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
        com.sun.net.httpserver.HttpServer server;
        try {
            server = com.sun.net.httpserver.HttpServer.create(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), connections);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the JDK's HTTP server", e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try {
            return measure(server.getAddress().getPort(), seconds, connections);
        } finally {
            server.stop(0);
        }
    }

    private static WrkResult measure(int port, int seconds, int connections) throws InterruptedException {
        wrk(port, WARM_UP_SECONDS, connections);
        return parse(wrk(port, seconds, connections));
    }

    private static String wrk(int port, int seconds, int connections) throws InterruptedException {
        List<String> command = List.of(WRK, "-t" + WRK_THREADS, "-c" + connections, "-d" + seconds + "s",
                "http://127.0.0.1:" + port + "/");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run wrk (apt-get install wrk): " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            // wrk prints its summary only at the end: reading to the end first cannot block it.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(seconds + WRK_GRACE_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed with "
                        + process.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Reads wrk's summary; absent error lines mean none. */
    static WrkResult parse(String wrkOutput) {
        Matcher rate = REQUESTS_PER_SECOND.matcher(wrkOutput);
        if (!rate.find()) {
            throw new IllegalStateException("wrk printed no Requests/sec line: " + wrkOutput.strip());
        }
        Matcher requests = REQUESTS.matcher(wrkOutput);
        long total = requests.find() ? Long.parseLong(requests.group(1)) : 0;
        long errors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(wrkOutput);
        if (socket.find()) {
            for (int group = 1; group <= socket.groupCount(); group++) {
                errors += Long.parseLong(socket.group(group));
            }
        }
        Matcher nonSuccess = NON_SUCCESS.matcher(wrkOutput);
        if (nonSuccess.find()) {
            errors += Long.parseLong(nonSuccess.group(1));
        }
        return new WrkResult(Double.parseDouble(rate.group(1)), total, errors);
    }
}
