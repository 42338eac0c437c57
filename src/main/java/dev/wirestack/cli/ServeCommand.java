package dev.wirestack.cli;

import dev.wirestack.runtime.DriverEventLoop;
import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.Stats;
import dev.wirestack.tap.TapException;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.Ipv4Cidr;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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
                + " discard service (RFC 863) over TCP; --http and --https serve the files under --root (HTTPS"
                + " with --keystore's certificate, or a self-signed one whose fingerprint is printed). On a signal,"
                + " open echo and discard connections are closed with a FIN, and HTTP connections after their"
                + " response in progress, sent with Connection: close.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    TapOptions tap;

    /** How long serve, on a signal, waits for its connections to finish closing. */
    private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /**
     * How long serve, on a signal, lets HTTP responses in progress finish and their connections close (the linger
     * time of the last response included), and the other services close: within Termination's wait.
     */
    private static final long HTTP_GRACE_NANOS = TimeUnit.SECONDS.toNanos(6);
    /**
     * How long serve keeps running after a close that left connections in TIME_WAIT: past a peer's first two FIN
     * retransmissions (Linux's shortest RTO is 200 ms, doubling).
     */
    private static final long TIME_WAIT_LINGER_MILLIS = 1000;

    @Option(names = "--echo", paramLabel = "PORT", description = "echo every byte of every TCP connection to PORT")
    Integer echoPort;

    @Option(names = "--discard", paramLabel = "PORT", description = "read and drop every byte of every TCP connection to PORT")
    Integer discardPort;

    @Option(names = "--udp-echo", paramLabel = "PORT", description = "echo every UDP datagram to PORT back to its sender")
    Integer udpEchoPort;

    @Option(names = "--http", paramLabel = "PORT", description = "serve the files under --root over HTTP on PORT")
    Integer httpPort;

    @Option(names = "--https", paramLabel = "PORT", description = "serve the files under --root over HTTPS on PORT")
    Integer httpsPort;

    @Option(names = "--root", paramLabel = "DIR", description = "the directory --http and --https serve")
    Path root;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "the PKCS12 or JKS key store with --https's key and certificate (default: a self-signed"
                    + " certificate for the --ip address, generated at start)")
    Path keystore;

    @Option(names = "--keystore-password-env", paramLabel = "VAR",
            description = "the environment variable holding the key store's password (default: empty)")
    String keystorePasswordEnv;

    @Option(names = "--quiet", description = "no line per accepted connection")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, TapException {
        requirePort("--udp-echo", udpEchoPort);
        requireDistinctTcpPorts();
        HttpServices http = HttpServices.configure(httpPort, httpsPort, root, keystore, keystorePasswordEnv,
                httpsPort == null ? null : Ipv4Cidr.parse(tap.ip).address().toString());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TapOptions.Attached attached = tap.attach();
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
            services += "; udp echo on port " + udpEchoPort;
        }
        if (http != null) {
            try {
                http.listen(host, new DriverEventLoop(driver));
            } catch (IOException e) {
                err.println("wirestack: cannot serve " + root + ": " + e.getMessage());
                return 1;
            }
            services += http.describe();
            if (http.certificateLine() != null) {
                out.println(http.certificateLine());
            }
        }
        try (Termination termination = new Termination(() -> stop(driver, host, tcp, http, out, err))) {
            driver.start();
            out.println("wirestack: serving on " + attached.describe() + services);
            out.flush();
            driver.awaitTermination(); // serve runs until a signal; the loop ends by itself only when it fails
            return termination.finish(() -> stop(driver, host, tcp, http, out, err));
        }
    }

    /** Each TCP service on a port of its own, from 1 to 65535. */
    private void requireDistinctTcpPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--echo", echoPort);
        ports.put("--discard", discardPort);
        ports.put("--http", httpPort);
        ports.put("--https", httpsPort);
        Map<Integer, String> taken = new LinkedHashMap<>();
        ports.forEach((flag, port) -> {
            requirePort(flag, port);
            if (port != null) {
                String other = taken.putIfAbsent(port, flag);
                if (other != null) {
                    throw new IllegalArgumentException(other + " and " + flag + " cannot share port " + port);
                }
            }
        });
    }

    private static void requirePort(String flag, Integer port) {
        if (port != null && (port < 1 || port > 0xffff)) {
            throw new IllegalArgumentException(flag + " is a port from 1 to 65535, not " + port);
        }
    }

    /**
     * Closes the open connections (FIN; HTTP ones after their response in progress, with Connection: close) and
     * gives them a moment to finish closing, lingers while any is in TIME_WAIT, then stops the loop (closing the
     * device and flushing the capture) and says why and what passed.
     */
    private static int stop(RealTimeDriver driver, Host host, TcpServices tcp, HttpServices http, PrintWriter out,
                            PrintWriter err) {
        try {
            CompletableFuture<Void> httpClosed = http == null ? CompletableFuture.completedFuture(null)
                    : http.shutdown();
            CompletableFuture<Void> tcpClosed = new CompletableFuture<>();
            if (tcp.isEmpty()) {
                tcpClosed.complete(null);
            } else {
                driver.execute(() -> tcp.closeAll(driver, CLOSE_GRACE_NANOS).thenRun(() -> tcpClosed.complete(null)));
            }
            CompletableFuture.anyOf(CompletableFuture.allOf(httpClosed, tcpClosed), driver.terminated())
                    .completeOnTimeout(null, HTTP_GRACE_NANOS, TimeUnit.NANOSECONDS).join();
            CompletableFuture<Boolean> inTimeWait = new CompletableFuture<>();
            driver.execute(() -> inTimeWait.complete(host.tcpConnectionCount() > 0));
            Object lingering = CompletableFuture.anyOf(inTimeWait, driver.terminated())
                    .completeOnTimeout(null, TIME_WAIT_LINGER_MILLIS, TimeUnit.MILLISECONDS).join();
            if (Boolean.TRUE.equals(lingering)) {
                // TIME_WAIT's job (RFC 9293 section 3.6.1): our ACK of the peer's FIN may be lost, and only a
                // running stack answers the peer's retransmitted FIN; without it the peer stays in LAST-ACK.
                driver.awaitTermination(TIME_WAIT_LINGER_MILLIS, TimeUnit.MILLISECONDS);
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
