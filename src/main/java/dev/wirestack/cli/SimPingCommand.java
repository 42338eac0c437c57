package dev.wirestack.cli;

import dev.wirestack.icmp.PingSocket;
import dev.wirestack.ip.SendResult;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.PcapWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wirestack sim ping HOST}: ping from the simulated client, printed as iputils ping prints it. */
@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Pings HOST from the simulated client (10.1.0.2), one echo request a second of virtual time.")
final class SimPingCommand implements Callable<Integer> {
    /** How long ping waits for the last reply (iputils' default -W). */
    private static final long LAST_REPLY_WAIT_NANOS = Duration.ofSeconds(10).toNanos();
    private static final long INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    @Parameters(paramLabel = "HOST", description = "the address to ping, such as 10.2.0.2 (the server)")
    String host;

    @Option(names = "-c", paramLabel = "N", defaultValue = "4", description = "echo requests to send (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "-s", paramLabel = "SIZE", defaultValue = "56", description = "data bytes per request (default ${DEFAULT-VALUE})")
    int size;

    @Mixin
    SimOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Ipv4Address destination = Ipv4Address.parse(host);
        if (count < 1 || count > 65535) {
            throw new IllegalArgumentException("-c is 1 to 65535, not " + count);
        }
        if (size < 0 || size > 65507) {
            throw new IllegalArgumentException("-s is 0 to 65507 bytes, not " + size);
        }
        PcapWriter capture = options.openCapture();
        try {
            ReferenceNetwork reference = options.buildNetwork(capture);
            SimNetwork network = reference.network();
            PrintWriter out = spec.commandLine().getOut();
            PingReport report = new PingReport(out, destination, size);
            PingSocket socket = reference.client().openPing(report::heard);
            for (int sequence = 1; sequence <= count; sequence++) {
                int seq = sequence;
                network.schedule((seq - 1) * INTERVAL_NANOS, () -> {
                    report.sent(seq, network.now());
                    if (socket.send(destination, seq, size) == SendResult.NO_ROUTE) {
                        out.println("ping: connect: Network is unreachable");
                    }
                });
            }
            network.runUntil((count - 1) * INTERVAL_NANOS + LAST_REPLY_WAIT_NANOS);
            return report.finish();
        } finally {
            SimOptions.close(capture);
        }
    }
}
