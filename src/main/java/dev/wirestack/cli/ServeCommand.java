package dev.wirestack.cli;

import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.Stats;
import dev.wirestack.tap.TapException;
import dev.wirestack.udp.UdpSocket;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack serve}: a Wirestack host on a TAP interface, answering ARP and ping, with optional services. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs a Wirestack host on a TAP interface until SIGINT or SIGTERM. It always answers ARP and"
                + " ping; --udp-echo adds the echo service (RFC 862) over UDP.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    TapOptions tap;

    @Option(names = "--udp-echo", paramLabel = "PORT", description = "echo every UDP datagram to PORT back to its sender")
    Integer udpEchoPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (udpEchoPort != null && (udpEchoPort < 1 || udpEchoPort > 0xffff)) {
            throw new IllegalArgumentException("--udp-echo is a port from 1 to 65535, not " + udpEchoPort);
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
        if (udpEchoPort != null) {
            UdpSocket echo = host.openUdp(udpEchoPort); // before start: the loop thread owns the host from then on
            echo.onMessage(message -> echo.send(message.source(), message.sourcePort(), message.data()));
            services = "; udp echo on port " + udpEchoPort;
        }
        try (Termination termination = new Termination(() -> stop(driver, host, out, err))) {
            driver.start();
            out.println("wirestack: serving on " + attached.describe() + services);
            out.flush();
            driver.awaitTermination(); // serve runs until a signal; the loop ends by itself only when it fails
            return termination.finish(() -> stop(driver, host, out, err));
        }
    }

    /** Stops the loop (closing the device and flushing the capture) and says why and what passed. */
    private static int stop(RealTimeDriver driver, Host host, PrintWriter out, PrintWriter err) {
        try {
            driver.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Throwable failure = driver.failure();
        Stats stats = host.stats();
        out.println("wirestack: stopped; " + stats.framesIn(0) + " frames in, " + stats.framesOut(0) + " out, "
                + stats.totalDrops() + " dropped");
        out.flush();
        if (failure != null) {
            err.println("wirestack: " + failure.getMessage());
            err.flush();
            return 1;
        }
        return 0;
    }
}
