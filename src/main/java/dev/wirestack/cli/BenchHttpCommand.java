package dev.wirestack.cli;

import dev.wirestack.bench.HttpBenchmark;
import dev.wirestack.bench.HttpTapBenchmark;
import dev.wirestack.tap.TapException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack bench http}: wrk's requests/s against Wirestack's HTTP server, Netty's and the JDK's (or --tap). */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "wrk (2 threads) on 127.0.0.1 against Wirestack's HTTP server on the JDK's sockets, Netty's HTTP"
                + " server and the JDK's com.sun.net.httpserver, in turn, round after round, all answering a 13-byte"
                + " text/plain body; requests/s (median over rounds), the ratios and wrk's errors.")
final class BenchHttpCommand implements Callable<Integer> {
    private static final int MAX_SECONDS = 3600;
    private static final int MAX_ROUNDS = 100;
    /** wrk wants at least one connection per thread (it runs two). */
    private static final int MIN_CONNECTIONS = 2;
    private static final int MAX_CONNECTIONS = 10_000;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
            description = "length of each measured wrk run, after a three-second warm-up (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "32",
            description = "connections wrk keeps open (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "rounds, each measuring every server once, alternately (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--tap",
            description = "instead: Wirestack's HTTP server on Wirestack TCP behind a TAP against the same server on the"
                    + " kernel's TCP over a veth pair, wrk in a namespace on the kernel's side (root only; namespaces"
                    + " and addresses in 10.77.0.0/16 made for the run and removed after it)")
    boolean tap;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("--seconds is 1 to " + MAX_SECONDS + ", not " + seconds);
        }
        if (connections < MIN_CONNECTIONS || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("--connections is " + MIN_CONNECTIONS + " to " + MAX_CONNECTIONS
                    + ", not " + connections);
        }
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("--rounds is 1 to " + MAX_ROUNDS + ", not " + rounds);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (tap) {
            return overTap(out);
        }
        HttpBenchmark.Result result;
        try {
            result = HttpBenchmark.run(seconds, connections, rounds);
        } catch (IllegalStateException | UncheckedIOException e) {
            spec.commandLine().getErr().println("wirestack: " + e.getMessage());
            return 1;
        }
        if (json) {
            printJson(out, result);
        } else {
            printText(out, result);
        }
        return 0;
    }

    private static void printJson(PrintWriter out, HttpBenchmark.Result result) {
        StringBuilder rounds = new StringBuilder();
        for (HttpBenchmark.Round round : result.rounds()) {
            rounds.append(rounds.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                    "{\"wirestack_rps\": %.2f, \"netty_rps\": %.2f, \"jdk_httpserver_rps\": %.2f, "
                            + "\"wirestack_cpu_us_per_request\": %.3f, \"netty_cpu_us_per_request\": %.3f, "
                            + "\"jdk_httpserver_cpu_us_per_request\": %.3f, "
                            + "\"wirestack_errors\": %d, \"netty_errors\": %d, \"jdk_httpserver_errors\": %d}",
                    round.wirestack().requestsPerSecond(), round.netty().requestsPerSecond(),
                    round.jdkHttpServer().requestsPerSecond(), round.wirestack().cpuMicrosPerRequest(),
                    round.netty().cpuMicrosPerRequest(), round.jdkHttpServer().cpuMicrosPerRequest(),
                    round.wirestack().errors(), round.netty().errors(), round.jdkHttpServer().errors()));
        }
        out.printf(Locale.ROOT, "{\"wirestack_rps\": %.2f, \"netty_rps\": %.2f, \"jdk_httpserver_rps\": %.2f, "
                        + "\"ratio_netty\": %.4f, \"ratio_jdk\": %.4f, \"wirestack_cpu_us_per_request\": %.3f, "
                        + "\"netty_cpu_us_per_request\": %.3f, \"jdk_httpserver_cpu_us_per_request\": %.3f, "
                        + "\"cpu_ratio_netty\": %.4f, \"errors\": %d, \"seconds\": %d, "
                        + "\"connections\": %d, \"loops\": %d, \"rounds\": [%s]}%n",
                result.wirestackRps(), result.nettyRps(), result.jdkRps(), result.ratioToNetty(), result.ratioToJdk(),
                result.wirestackCpuMicrosPerRequest(), result.nettyCpuMicrosPerRequest(),
                result.jdkCpuMicrosPerRequest(), result.cpuRatioToNetty(), result.errors(), result.seconds(), result.connections(), result.loops(), rounds);
    }

    private static void printText(PrintWriter out, HttpBenchmark.Result result) {
        int number = 0;
        for (HttpBenchmark.Round round : result.rounds()) {
            number++;
            out.printf(Locale.ROOT, "round %d: Wirestack %,.0f, Netty %,.0f, JDK %,.0f requests/s;"
                            + " Wirestack/Netty %.3f, Wirestack/JDK %.3f; server CPU %.2f, %.2f, %.2f us/request;"
                            + " %,d errors%n",
                    number, round.wirestack().requestsPerSecond(), round.netty().requestsPerSecond(),
                    round.jdkHttpServer().requestsPerSecond(), round.ratioToNetty(), round.ratioToJdk(),
                    round.wirestack().cpuMicrosPerRequest(), round.netty().cpuMicrosPerRequest(),
                    round.jdkHttpServer().cpuMicrosPerRequest(), round.errors());
        }
        String median = result.rounds().size() > 1 ? ", median of " + result.rounds().size() + " rounds" : "";
        out.printf(Locale.ROOT, "Wirestack HTTP server, JDK sockets: %,12.2f requests/s, %6.2f us CPU/request"
                        + " (%d event loops%s)%n",
                result.wirestackRps(), result.wirestackCpuMicrosPerRequest(), result.loops(), median);
        out.printf(Locale.ROOT, "Netty HTTP server, NIO:             %,12.2f requests/s, %6.2f us CPU/request"
                        + " (%d event loops)%n",
                result.nettyRps(), result.nettyCpuMicrosPerRequest(), result.loops());
        out.printf(Locale.ROOT, "JDK com.sun.net.httpserver:         %,12.2f requests/s, %6.2f us CPU/request"
                        + " (1 dispatcher thread)%n",
                result.jdkRps(), result.jdkCpuMicrosPerRequest());
        out.printf(Locale.ROOT, "ratio Wirestack / Netty:            %12.4f (CPU per request: %.4f)%n",
                result.ratioToNetty(), result.cpuRatioToNetty());
        out.printf(Locale.ROOT,
                "ratio Wirestack / JDK:              %12.4f (wrk -t2 -c%d -d%ds, 127.0.0.1, %,d errors)%n",
                result.ratioToJdk(), result.connections(), result.seconds(), result.errors());
    }

    private int overTap(PrintWriter out) throws InterruptedException {
        if (!HttpTapBenchmark.canRun()) {
            spec.commandLine().getErr().println("wirestack: bench http --tap makes network namespaces and a TAP"
                    + " interface: run it as root (sudo)");
            return 1;
        }
        HttpTapBenchmark.Result result;
        try {
            result = HttpTapBenchmark.run(seconds, connections, rounds);
        } catch (TapException | IllegalStateException | UncheckedIOException e) {
            spec.commandLine().getErr().println("wirestack: " + e.getMessage());
            return 1;
        }
        if (json) {
            StringBuilder rounds = new StringBuilder();
            for (HttpTapBenchmark.Round round : result.rounds()) {
                rounds.append(rounds.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                        "{\"wirestack_tcp_rps\": %.2f, \"kernel_tcp_rps\": %.2f, \"errors\": %d}",
                        round.wirestackTcp().requestsPerSecond(), round.kernelTcp().requestsPerSecond(),
                        round.errors()));
            }
            out.printf(Locale.ROOT, "{\"wirestack_tcp_rps\": %.2f, \"kernel_tcp_rps\": %.2f, \"ratio\": %.4f, "
                            + "\"errors\": %d, \"seconds\": %d, \"connections\": %d, \"rounds\": [%s]}%n",
                    result.wirestackTcpRps(), result.kernelTcpRps(), result.ratio(), result.errors(), result.seconds(),
                    result.connections(), rounds);
            return 0;
        }
        int number = 0;
        for (HttpTapBenchmark.Round round : result.rounds()) {
            number++;
            out.printf(Locale.ROOT, "round %d: Wirestack TCP %,.0f, kernel TCP %,.0f requests/s; ratio %.3f;"
                            + " %,d errors%n", number, round.wirestackTcp().requestsPerSecond(),
                    round.kernelTcp().requestsPerSecond(), round.ratio(), round.errors());
        }
        String median = result.rounds().size() > 1 ? " (median of " + result.rounds().size() + " rounds)" : "";
        out.printf(Locale.ROOT, "Wirestack HTTP server, Wirestack TCP on a TAP: %,12.2f requests/s%s%n",
                result.wirestackTcpRps(), median);
        out.printf(Locale.ROOT, "same server, kernel TCP over a veth pair:     %,12.2f requests/s%n",
                result.kernelTcpRps());
        out.printf(Locale.ROOT,
                "ratio Wirestack TCP / kernel TCP:              %12.4f (wrk -t2 -c%d -d%ds, %,d errors)%n",
                result.ratio(), result.connections(), result.seconds(), result.errors());
        return 0;
    }
}
