package dev.wirestack.cli;

import dev.wirestack.icmp.PingSocket;
import dev.wirestack.ip.SendResult;
import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.tap.TapException;
import dev.wirestack.wire.Ipv4Address;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wirestack ping HOST}: echo requests from a Wirestack host on a TAP interface, printed as iputils prints. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Pings HOST from a Wirestack host on a TAP interface, one echo request per interval, until -c"
                + " requests are answered or SIGINT.")
final class PingCommand implements Callable<Integer> {
    /** How long ping waits for the last replies after the last request (iputils' default -W). */
    private static final long LINGER_NANOS = Duration.ofSeconds(10).toNanos();
    private static final double MIN_INTERVAL_SECONDS = 0.001;
    private static final double MAX_INTERVAL_SECONDS = 3600;

    @Parameters(paramLabel = "HOST", description = "the IPv4 address to ping, such as 10.77.0.1")
    String destinationText;

    @Option(names = "-c", paramLabel = "N", description = "stop after N requests are answered (default: until SIGINT)")
    Integer count;

    @Option(names = "-s", paramLabel = "SIZE", defaultValue = "56", description = "data bytes per request (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "-i", paramLabel = "INTERVAL", defaultValue = "1",
            description = "seconds between requests (default ${DEFAULT-VALUE})")
    double intervalSeconds;

    @Mixin
    TapOptions tap;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, TapException {
        Ipv4Address destination = Ipv4Address.parse(destinationText);
        if (count != null && (count < 1 || count > 65535)) {
            throw new IllegalArgumentException("-c is 1 to 65535, not " + count);
        }
        if (size < 0 || size > 65507) {
            throw new IllegalArgumentException("-s is 0 to 65507 bytes, not " + size);
        }
        if (!(intervalSeconds >= MIN_INTERVAL_SECONDS && intervalSeconds <= MAX_INTERVAL_SECONDS)) {
            throw new IllegalArgumentException("-i is " + MIN_INTERVAL_SECONDS + " to " + MAX_INTERVAL_SECONDS
                    + " seconds, not " + intervalSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TapOptions.Attached attached = tap.attach();
        RealTimeDriver driver = attached.driver();
        PingReport report = new PingReport(out, destination, size);
        out.flush();
        Pinger pinger = new Pinger(driver, report, out, destination, count == null ? Integer.MAX_VALUE : count,
                Math.round(intervalSeconds * 1e9));
        try (Termination termination = new Termination(() -> finish(driver, report, out, err))) {
            driver.execute(() -> pinger.begin(attached.host()));
            driver.start();
            CompletableFuture.anyOf(pinger.done, driver.terminated()).join(); // answered, lingered out, or failed
            return termination.finish(() -> finish(driver, report, out, err));
        }
    }

    /** The requests, sent and heard on the loop thread; {@link #done} completes when ping has nothing more to wait for. */
    private final class Pinger {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final RealTimeDriver driver;
        private final PingReport report;
        private final PrintWriter out;
        private final Ipv4Address destination;
        private final int requests;
        private final long intervalNanos;
        private PingSocket socket;

        Pinger(RealTimeDriver driver, PingReport report, PrintWriter out, Ipv4Address destination, int requests,
               long intervalNanos) {
            this.driver = driver;
            this.report = report;
            this.out = out;
            this.destination = destination;
            this.requests = requests;
            this.intervalNanos = intervalNanos;
        }

        void begin(Host host) {
            socket = host.openPing(event -> {
                report.heard(event);
                out.flush();
                if (report.answered() >= requests) {
                    done.complete(null);
                }
            });
            send(1);
        }

        /** Sends request {@code sequence}, then schedules the next one, or the end of the wait after the last. */
        private void send(int sequence) {
            report.sent(sequence, driver.now());
            if (socket.send(destination, sequence & 0xffff, size) == SendResult.NO_ROUTE) {
                out.println("ping: connect: Network is unreachable");
                out.flush();
                done.complete(null);
            } else if (sequence < requests) {
                driver.schedule(intervalNanos, () -> send(sequence + 1));
            } else {
                driver.schedule(LINGER_NANOS, () -> done.complete(null));
            }
        }
    }

    /** Stops the loop, then prints the statistics; ping's exit code (0 with replies). */
    private static int finish(RealTimeDriver driver, PingReport report, PrintWriter out, PrintWriter err) {
        try {
            driver.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int code = report.finish();
        out.flush();
        if (driver.failure() != null) {
            err.println("wirestack: " + driver.failure().getMessage());
            err.flush();
            return 1;
        }
        return code;
    }
}
