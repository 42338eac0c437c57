package dev.wirestack.cli;

import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.Stats;
import dev.wirestack.tap.TapException;
import dev.wirestack.udp.UdpSocket;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack serve}: a Wirestack host on a TAP interface, answering ARP and ping, with optional services. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs a Wirestack host on a TAP interface until SIGINT or SIGTERM. It always answers ARP and"
                + " ping; --echo and --udp-echo add the echo service (RFC 862) over TCP and UDP, --discard the"
                + " discard service (RFC 863) over TCP. On a signal, open connections are closed with a FIN.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    TapOptions tap;

    /** How long serve, on a signal, waits for its connections to finish closing. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    @Option(names = "--echo", paramLabel = "PORT", description = "echo every byte of every TCP connection to PORT")
    Integer echoPort;

    @Option(names = "--discard", paramLabel = "PORT", description = "read and drop every byte of every TCP connection to PORT")
    Integer discardPort;

    @Option(names = "--udp-echo", paramLabel = "PORT", description = "echo every UDP datagram to PORT back to its sender")
    Integer udpEchoPort;

    @Option(names = "--quiet", description = "no line per accepted connection")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        requirePort("--echo", echoPort);
        requirePort("--discard", discardPort);
        requirePort("--udp-echo", udpEchoPort);
        if (echoPort != null && echoPort.equals(discardPort)) {
            throw new IllegalArgumentException("--echo and --discard cannot share port " + echoPort);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TapOptions.Attached attached;
        try {
            attached = tap.attach();
        } catch (TapException e) {
            err.println("wirestack: " + e.getMessage());
            return 1;
        }
        Host host = attached.host();
        RealTimeDriver driver = attached.driver();
        String services = "";
        // Before start: the loop thread owns the host from then on.
        TcpServices tcp = new TcpServices(host, out, quiet);
        if (echoPort != null) {
            tcp.echo(echoPort);
            services += "; tcp echo on port " + echoPort;
        }
        if (discardPort != null) {
            tcp.discard(discardPort);
            services += "; tcp discard on port " + discardPort;
        }
        if (udpEchoPort != null) {
            UdpSocket echo = host.openUdp(udpEchoPort);
            echo.onMessage(message -> echo.send(message.source(), message.sourcePort(), message.data()));
            services = "; udp echo on port " + udpEchoPort;
        }
        try (Termination termination = new Termination(() -> stop(driver, host, tcp, out, err))) {
            driver.start();
            out.println("wirestack: serving on " + attached.describe() + services);
            out.flush();
            driver.awaitTermination(); // serve runs until a signal; the loop ends by itself only when it fails
            return termination.finish(() -> stop(driver, host, tcp, out, err));
        }
    }

    private static void requirePort(String flag, Integer port) {
        if (port != null && (port < 1 || port > 0xffff)) {
            throw new IllegalArgumentException(flag + " is a port from 1 to 65535, not " + port);
        }
    }

    /**
     * Closes the open connections (FIN) and gives them a moment to finish closing, then stops the loop (closing the
     * device and flushing the capture) and says why and what passed.
     */
    private static int stop(RealTimeDriver driver, Host host, TcpServices tcp, PrintWriter out, PrintWriter err) {
        try {
            if (!tcp.isEmpty()) {
                CompletableFuture<Void> closed = new CompletableFuture<>();
                driver.execute(() -> tcp.closeAll(driver, CLOSE_GRACE_NANOS).thenRun(() -> closed.complete(null)));
                CompletableFuture.anyOf(closed, driver.terminated())
                        .completeOnTimeout(null, 2 * CLOSE_GRACE_NANOS, TimeUnit.NANOSECONDS).join();
            }
            driver.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = driver.failure();
        Stats stats = host.stats();
        out.println("wirestack: stopped; " + stats.framesIn(0) + " frames in, " + stats.framesOut(0) + " out, "
                + stats.totalDrops() + " dropped" + (tcp.isEmpty() ? "" : "; " + tcp.accepted() + " tcp connections"));
        out.flush();
        if (failure != null) {
            err.println("wirestack: " + failure.getMessage());
            err.flush();
            return 1;
        }
        return 0;
    }
}
