package dev.wirestack.cli;

import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.runtime.TcpStream;
import dev.wirestack.runtime.TcpStreamListener;
import dev.wirestack.runtime.TcpStreams;
import dev.wirestack.tap.TapException;
import dev.wirestack.wire.Ipv4Address;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wirestack nc}: one TCP connection from a Wirestack host on a TAP interface, as netcat makes one: standard
 * input to the connection (a FIN at its end: half-close), the connection to standard output. It exits 0 once the
 * peer has closed and the close is done both ways; with one line and exit code 1 on refusal, reset or timeout.
 */
@Command(name = "nc", mixinStandardHelpOptions = true,
        description = "Connects to HOST PORT (or, with --listen, waits for one connection to PORT) from a Wirestack"
                + " host on a TAP interface; copies standard input to the connection and the connection to standard"
                + " output.")
final class NcCommand implements Callable<Integer> {
    private static final int CHUNK_BYTES = 64 * 1024;
    /** How long nc waits, once the peer has closed, for its own close to complete. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    @Parameters(paramLabel = "HOST PORT", arity = "0..2", description = "where to connect, such as 10.77.0.1 7")
    List<String> target = List.of();

    @Option(names = {"-l", "--listen"}, paramLabel = "PORT", description = "wait for one connection to PORT instead")
    Integer listenPort;

    @Option(names = {"-w", "--wait"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "give up a connect after SECONDS (default ${DEFAULT-VALUE})")
    double connectTimeoutSeconds;

    @Mixin
    TapOptions tap;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException, TapException {
        Ipv4Address host = null;
        int port;
        if (listenPort != null) {
            if (!target.isEmpty()) {
                throw new IllegalArgumentException("--listen takes no HOST PORT: " + String.join(" ", target));
            }
            port = listenPort;
        } else {
            if (target.size() != 2) {
                throw new IllegalArgumentException("nc needs HOST PORT (or --listen PORT)");
            }
            host = Ipv4Address.parse(target.get(0));
            port = parsePort(target.get(1));
        }
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
        }
        if (!(connectTimeoutSeconds > 0 && connectTimeoutSeconds <= 3600)) {
            throw new IllegalArgumentException("-w is more than 0 and at most 3600 seconds, not "
                    + connectTimeoutSeconds);
        }
        PrintWriter err = spec.commandLine().getErr();
        TapOptions.Attached attached = tap.attach();
        RealTimeDriver driver = attached.driver();
        TcpStreams streams = new TcpStreams(driver, attached.host());
        Ipv4Address destination = host;
        try (Termination termination = new Termination(() -> interrupted(driver))) {
            driver.start();
            int code;
            try {
                TcpStream stream = destination != null
                        ? streams.connect(destination, port, Duration.ofMillis(Math.round(connectTimeoutSeconds * 1000)))
                        : acceptOne(streams, port, err);
                code = copyBothWays(stream, err);
            } catch (IOException e) {
                err.println("wirestack: nc: " + e.getMessage());
                code = 1;
            }
            int result = code;
            return termination.finish(() -> stopped(driver, result, err));
        }
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a port is a number from 1 to 65535, not '" + text + "'");
        }
    }

    private static TcpStream acceptOne(TcpStreams streams, int port, PrintWriter err) throws IOException {
        try (TcpStreamListener listener = streams.listen(port, 1)) {
            err.println("wirestack: nc: listening on port " + port);
            err.flush();
            return listener.accept(Duration.ZERO);
        }
    }

    /**
     * Standard input to the connection on a virtual thread, the connection to standard output on this one, until
     * the peer's end of stream; then the close, waited for.
     */
    private static int copyBothWays(TcpStream stream, PrintWriter err) throws IOException, InterruptedException {
        Thread.ofVirtual().name("wirestack-nc-stdin").start(() -> sendStandardInput(stream));
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        InputStream in = stream.getInputStream();
        byte[] buffer = new byte[CHUNK_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            stdout.write(buffer, 0, n);
        }
        stdout.flush();
        // The peer has closed; if standard input is still open, nc stops sending (as netcat does).
        if (!stream.closeAndAwait(CLOSE_GRACE)) {
            err.println("wirestack: nc: the close with " + stream.remoteEndpoint() + " did not complete within "
                    + CLOSE_GRACE.toSeconds() + " s");
            return 1;
        }
        return 0;
    }

    /**
     * Copies standard input to the connection, then half-closes. A failure needs no report here: a reset reaches the
     * reading side too, and a write after the peer's close is nc's own choice to stop sending.
     */
    private static void sendStandardInput(TcpStream stream) {
        try (InputStream stdin = new FileInputStream(FileDescriptor.in)) {
            OutputStream out = stream.getOutputStream();
            byte[] buffer = new byte[CHUNK_BYTES];
            int n;
            while ((n = stdin.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
            stream.shutdownOutput();
        } catch (IOException e) {
            stream.close();
        }
    }

    private static int interrupted(RealTimeDriver driver) {
        try {
            driver.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 130; // as a shell reports a command ended by SIGINT
    }

    private static int stopped(RealTimeDriver driver, int code, PrintWriter err) {
        try {
            driver.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (driver.failure() != null) {
            err.println("wirestack: " + driver.failure().getMessage());
            err.flush();
            return 1;
        }
        err.flush();
        return code;
    }
}
