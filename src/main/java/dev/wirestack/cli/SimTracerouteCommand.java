package dev.wirestack.cli;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.PcapWriter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wirestack sim traceroute HOST}: echo requests with TTL 1, 2, 3... from the simulated client (as
 * {@code traceroute -I} does); each router on the way answers "time exceeded", the destination an echo reply.
 */
@Command(name = "traceroute", mixinStandardHelpOptions = true,
        description = "Lists the routers between the simulated client (10.1.0.2) and HOST, as traceroute -I does.")
final class SimTracerouteCommand implements Callable<Integer> {
    /** Linux traceroute's default wait for a probe's answer. */
    private static final long PROBE_WAIT_NANOS = Duration.ofSeconds(5).toNanos();
    private static final int PROBES_PER_HOP = 3;
    /** 60-byte packets, as traceroute sends by default: 20 bytes IP, 8 ICMP, 32 data. */
    private static final int PROBE_DATA = 32;

    @Parameters(paramLabel = "HOST", description = "the address to trace, such as 10.2.0.2 (the server)")
    String host;

    @Option(names = "-m", paramLabel = "MAX_TTL", defaultValue = "30", description = "the largest TTL to try (default ${DEFAULT-VALUE})")
    int maxTtl;

    @Mixin
    SimOptions options;

    @Spec
    CommandSpec spec;

    /** The answer to the probe in flight, or null while none came. */
    private PingEvent answer;

    @Override
    public Integer call() {
        Ipv4Address destination = Ipv4Address.parse(host);
        if (maxTtl < 1 || maxTtl > 255) {
            throw new IllegalArgumentException("-m is 1 to 255, not " + maxTtl);
        }
        PcapWriter capture = options.openCapture();
        try {
            ReferenceNetwork reference = options.buildNetwork(capture);
            return trace(reference.network(), reference.client().openPing(event -> answer = event), destination);
        } finally {
            SimOptions.close(capture);
        }
    }

    private int trace(SimNetwork network, PingSocket socket, Ipv4Address destination) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("traceroute to %s (%s), %d hops max, %d byte packets%n", destination, destination, maxTtl,
                20 + 8 + PROBE_DATA);
        int sequence = 0;
        for (int ttl = 1; ttl <= maxTtl; ttl++) {
            StringBuilder line = new StringBuilder(String.format("%2d ", ttl));
            Ipv4Address lastResponder = null;
            boolean arrived = false;
            for (int probe = 0; probe < PROBES_PER_HOP; probe++) {
                sequence++;
                answer = null;
                long sentAt = network.now();
                socket.send(destination, sequence, PROBE_DATA, ttl);
                waitForAnswer(network, sequence, sentAt + PROBE_WAIT_NANOS);
                if (answer == null) {
                    line.append(" *");
                    continue;
                }
                Ipv4Address responder = switch (answer) {
                    case PingEvent.Reply reply -> reply.from();
                    case PingEvent.Error error -> error.reporter();
                };
                if (!responder.equals(lastResponder)) {
                    line.append(' ').append(responder).append(" (").append(responder).append(')');
                    lastResponder = responder;
                }
                line.append(String.format(Locale.ROOT, "  %.3f ms", (answer.timeNanos() - sentAt) / 1e6))
                        .append(unreachableMark(answer));
                arrived |= answer instanceof PingEvent.Reply
                        || (answer instanceof PingEvent.Error error && error.type() == IcmpHeader.DESTINATION_UNREACHABLE);
            }
            out.println(line);
            if (arrived) {
                return 0;
            }
        }
        return 1;
    }

    /** Runs the network until the probe {@code sequence} is answered or its wait runs out. */
    private void waitForAnswer(SimNetwork network, int sequence, long deadline) {
        long step = Duration.ofMillis(1).toNanos();
        while (network.now() < deadline && (answer == null || answer.sequence() != sequence)) {
            network.runUntil(Math.min(deadline, network.now() + step));
        }
        if (answer != null && answer.sequence() != sequence) {
            answer = null; // a late answer to an earlier probe
        }
    }

    /** traceroute's annotations: !H host unreachable, !N network, !P protocol, !F fragmentation needed. */
    private static String unreachableMark(PingEvent event) {
        if (event instanceof PingEvent.Error error && error.type() == IcmpHeader.DESTINATION_UNREACHABLE) {
            return switch (error.code()) {
                case IcmpHeader.HOST_UNREACHABLE -> " !H";
                case IcmpHeader.NET_UNREACHABLE -> " !N";
                case IcmpHeader.PROTOCOL_UNREACHABLE -> " !P";
                case IcmpHeader.FRAGMENTATION_NEEDED -> " !F";
                default -> " !<" + error.code() + ">";
            };
        }
        return "";
    }
}
