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
 * sockets ({@link NioNetwork}), from Netty's HTTP server ({@link NettyHttpServer}) and from the JDK's own
 * {@code com.sun.net.httpserver.HttpServer}, in the same run, each on its own ephemeral port on 127.0.0.1, all three
 * answering every request with the same 13-byte text/plain body (UTF-8) and the same three fields: Date,
 * Content-Type and Content-Length (no Server field: Wirestack's is turned off, the others send none).
 *
 * <p>The three servers are started together and measured in turn, round after round, so that a neighbour's load on
 * the machine falls on all of them alike; each gets a three-second wrk warm-up (JIT) before its first measured run:
 * with one second, on a busy machine, the first round still caught Netty compiling and flattered Wirestack.
 * Threads: Wirestack and Netty each run {@link #loops()} event loops (one per core; Netty has its acceptor besides),
 * the JDK's server its one dispatcher thread (no executor set, as it comes).
 */
public final class HttpBenchmark {
    /** The body every server sends: 13 bytes. */
    public static final String BODY = "Hello, world\n";
    /** What {@link HttpResponse#text} sends, so all servers send the same header. */
    private static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    /**
     * Wirestack's server as measured: the defaults without the Server field, which neither Netty's nor the JDK's
     * server sends, so that all three answer with the same fields (Date, Content-Type, Content-Length).
     */
    static final ServerConfig SERVER_CONFIG = ServerConfig.DEFAULT.withServerName(null);
    private static final String WRK = "wrk";
    private static final int WRK_THREADS = 2;
    private static final int WARM_UP_SECONDS = 3;
    /** wrk stops itself after its duration; this margin covers its start and a slow machine. */
    static final int WRK_GRACE_SECONDS = 30;
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("^Requests/sec:\\s+([0-9.]+)", Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s*(\\d+) requests in ", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    /** This JVM's CPU time (its own threads, not wrk's): what a server spends while wrk measures it. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final Pattern NON_SUCCESS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    /** What wrk reported for one server: requests/s, requests in all, and failed ones (socket errors, non-2xx/3xx). */
    public record WrkResult(double requestsPerSecond, long requests, long errors) {
    }

    /**
     * One server's wrk run and the CPU time this JVM, which holds the three servers and nothing else that is busy,
     * spent meanwhile: the measured server's threads, plus the JIT and the garbage collector working for it. The
     * servers not measured are idle. CPU per request is the server's cost, which the wall-clock rate on a shared
     * 2-core machine hides: there wrk takes half the CPU, and what one server saves goes partly to wrk.
     */
    public record ServerRun(WrkResult wrk, long serverCpuNanos) {
        public double requestsPerSecond() {
            return wrk.requestsPerSecond();
        }

        public long errors() {
            return wrk.errors();
        }

        /** Server CPU microseconds per request answered; 0 when none was. */
        public double cpuMicrosPerRequest() {
            return wrk.requests() == 0 ? 0 : serverCpuNanos / 1000.0 / wrk.requests();
        }
    }

    /** One round: each server measured once, one after the other. */
    public record Round(ServerRun wirestack, ServerRun netty, ServerRun jdkHttpServer) {
        /** Wirestack's requests/s as a fraction of Netty's, in this round. */
        public double ratioToNetty() {
            return wirestack.requestsPerSecond() / netty.requestsPerSecond();
        }

        /** Wirestack's requests/s as a fraction of the JDK server's, in this round. */
        public double ratioToJdk() {
            return wirestack.requestsPerSecond() / jdkHttpServer.requestsPerSecond();
        }

        public long errors() {
            return wirestack.errors() + netty.errors() + jdkHttpServer.errors();
        }

        /** Wirestack's CPU per request as a fraction of Netty's, in this round: below 1, Wirestack costs less. */
        public double cpuRatioToNetty() {
            return wirestack.cpuMicrosPerRequest() / netty.cpuMicrosPerRequest();
        }
    }

    /** Every round of one run; the summary figures are medians over rounds. */
    public record Result(List<Round> rounds, int seconds, int connections, int loops) {
        public Result {
            rounds = List.copyOf(rounds);
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("a run has at least one round");
            }
        }

        public double wirestackRps() {
            return medianOf(r -> r.wirestack().requestsPerSecond());
        }

        public double nettyRps() {
            return medianOf(r -> r.netty().requestsPerSecond());
        }

        public double jdkRps() {
            return medianOf(r -> r.jdkHttpServer().requestsPerSecond());
        }

        /** The median over rounds of Wirestack / Netty, each ratio taken within its round. */
        public double ratioToNetty() {
            return medianOf(Round::ratioToNetty);
        }

        /** The median over rounds of Wirestack / JDK, each ratio taken within its round. */
        public double ratioToJdk() {
            return medianOf(Round::ratioToJdk);
        }

        public double wirestackCpuMicrosPerRequest() {
            return medianOf(r -> r.wirestack().cpuMicrosPerRequest());
        }

        public double nettyCpuMicrosPerRequest() {
            return medianOf(r -> r.netty().cpuMicrosPerRequest());
        }

        public double jdkCpuMicrosPerRequest() {
            return medianOf(r -> r.jdkHttpServer().cpuMicrosPerRequest());
        }

        /** The median over rounds of Wirestack's CPU per request / Netty's, each taken within its round. */
        public double cpuRatioToNetty() {
            return medianOf(Round::cpuRatioToNetty);
        }

        private double medianOf(java.util.function.ToDoubleFunction<Round> figure) {
            return median(rounds.stream().mapToDouble(figure));
        }

        public long errors() {
            return rounds.stream().mapToLong(Round::errors).sum();
        }
    }

    /** The median of {@code values} (the mean of the middle two for an even count); there is at least one. */
    static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private HttpBenchmark() {
    }

    /** How many event loops Wirestack's server and Netty's each run: one per core. */
    public static int loops() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code rounds} rounds of wrk for {@code seconds} with {@code connections}, against each server in turn.
     *
     * @throws IllegalStateException when wrk is missing, fails, or prints no Requests/sec line
     */
    public static Result run(int seconds, int connections, int rounds) throws InterruptedException {
        int loops = loops();
        try (WirestackServer wirestack = WirestackServer.start(loops);
             NettyHttpServer netty = NettyHttpServer.start(InetAddress.getLoopbackAddress(), loops);
             JdkServer jdk = JdkServer.start(connections)) {
            int[] ports = {wirestack.port(), netty.port(), jdk.port()};
            for (int port : ports) {
                wrk(port, WARM_UP_SECONDS, connections);
            }
            List<Round> measured = new java.util.ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                measured.add(new Round(measure(ports[0], seconds, connections),
                        measure(ports[1], seconds, connections), measure(ports[2], seconds, connections)));
            }
            return new Result(measured, seconds, connections, loops);
        }
    }

    /** Wirestack's server on {@code loops} event loops of the JDK's sockets, connections handed to each in turn. */
    private record WirestackServer(NioNetwork network, Network.Listening listening) implements AutoCloseable {
        static WirestackServer start(int loops) {
            NioNetwork network = NioNetwork.start("bench-http", InetAddress.getLoopbackAddress(), loops);
            try {
                return new WirestackServer(network, new HttpServer(
                        // A response's body is read as it is sent, once: each request gets its own.
                        exchange -> exchange.respond(HttpResponse.text(200, BODY)), SERVER_CONFIG)
                        .serve(network, 0));
            } catch (IOException e) {
                network.close();
                throw new UncheckedIOException("cannot start Wirestack's HTTP server", e);
            }
        }

        int port() {
            return listening.port();
        }

        @Override
        public void close() {
            listening.close();
            network.close();
        }
    }

    /** The JDK's com.sun.net.httpserver on its one dispatcher thread. */
    private record JdkServer(com.sun.net.httpserver.HttpServer server) implements AutoCloseable {
        static JdkServer start(int backlog) {
            byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
            com.sun.net.httpserver.HttpServer server;
            try {
                server = com.sun.net.httpserver.HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), backlog);
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
            return new JdkServer(server);
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static ServerRun measure(int port, int seconds, int connections) throws InterruptedException {
        long cpuBefore = PROCESS.getProcessCpuTime();
        WrkResult wrk = parse(wrk(port, seconds, connections));
        return new ServerRun(wrk, PROCESS.getProcessCpuTime() - cpuBefore);
    }

    /** The wrk command line of every measurement: two threads, {@code connections} connections, GET {@code url}. */
    static List<String> wrkCommand(String url, int seconds, int connections) {
        return List.of(WRK, "-t" + WRK_THREADS, "-c" + connections, "-d" + seconds + "s", url);
    }

    private static String wrk(int port, int seconds, int connections) throws InterruptedException {
        List<String> command = wrkCommand("http://127.0.0.1:" + port + "/", seconds, connections);
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
