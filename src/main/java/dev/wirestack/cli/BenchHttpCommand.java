package dev.wirestack.cli;

import dev.wirestack.bench.HttpBenchmark;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack bench http}: wrk's requests/s against Wirestack's HTTP server and the JDK's, on 127.0.0.1. */
@Command(name = "http", mixinStandardHelpOptions = true,
        description = "wrk (2 threads) on 127.0.0.1 against Wirestack's HTTP server on the JDK's sockets, then against"
                + " the JDK's com.sun.net.httpserver, both answering a 13-byte text/plain body; requests/s, the ratio"
                + " and wrk's errors.")
final class BenchHttpCommand implements Callable<Integer> {
    private static final int MAX_SECONDS = 3600;
    /** wrk wants at least one connection per thread (it runs two). */
    private static final int MIN_CONNECTIONS = 2;
    private static final int MAX_CONNECTIONS = 10_000;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
            description = "length of each measured wrk run, after a one-second warm-up (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "32",
            description = "connections wrk keeps open (default ${DEFAULT-VALUE})")
    int connections;

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
        PrintWriter out = spec.commandLine().getOut();
        HttpBenchmark.Result result;
        try {
            result = HttpBenchmark.run(seconds, connections);
        } catch (IllegalStateException | UncheckedIOException e) {
            spec.commandLine().getErr().println("wirestack: " + e.getMessage());
            return 1;
        }
        if (json) {
            out.printf(Locale.ROOT, "{\"wirestack_rps\": %.2f, \"jdk_httpserver_rps\": %.2f, \"ratio\": %.4f, "
                            + "\"errors\": %d, \"wirestack_errors\": %d, \"jdk_httpserver_errors\": %d, "
                            + "\"wirestack_requests\": %d, \"jdk_httpserver_requests\": %d, \"seconds\": %d, "
                            + "\"connections\": %d}%n",
                    result.wirestack().requestsPerSecond(), result.jdkHttpServer().requestsPerSecond(),
                    result.ratio(), result.errors(), result.wirestack().errors(), result.jdkHttpServer().errors(),
                    result.wirestack().requests(), result.jdkHttpServer().requests(), result.seconds(),
                    result.connections());
            return 0;
        }
        out.printf(Locale.ROOT, "Wirestack HTTP server, JDK sockets: %,12.2f requests/s (%,d requests, %,d errors)%n",
                result.wirestack().requestsPerSecond(), result.wirestack().requests(), result.wirestack().errors());
        out.printf(Locale.ROOT, "JDK com.sun.net.httpserver:         %,12.2f requests/s (%,d requests, %,d errors)%n",
                result.jdkHttpServer().requestsPerSecond(), result.jdkHttpServer().requests(),
                result.jdkHttpServer().errors());
        out.printf(Locale.ROOT, "ratio Wirestack / JDK:              %12.4f (wrk -t2 -c%d -d%ds, 127.0.0.1)%n",
                result.ratio(), result.connections(), result.seconds());
        return 0;
    }
}
