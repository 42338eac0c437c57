package dev.wirestack.cli;

import dev.wirestack.bench.TcpBenchSuite;
import dev.wirestack.bench.TcpBulkBenchmark;
import dev.wirestack.bench.TcpKernelReference;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack bench tcp}: the TCP stack's throughput, connection rate, memory and simulation speed. */
@Command(name = "tcp", mixinStandardHelpOptions = true,
        description = "Two hosts in one JVM: one bulk transfer in memory at MTU 1500 and 65535 (Gbit/s, segments/s), "
                + "connections opened and closed per second, heap per idle established connection, and simulated "
                + "data segments per wall-clock second over a 1 Gbit/s, 1 ms link (512 KiB buffers, twice its "
                + "bandwidth-delay product); and, as root with iperf3 and "
                + "ethtool, the Linux kernel's own TCP over veth between two namespaces (10.77.0.0/16, offloads off) "
                + "as the reference for MTU 1500.")
final class BenchTcpCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--megabytes", paramLabel = "MiB", defaultValue = "1000",
            description = "bytes of each in-memory bulk transfer, in MiB (default ${DEFAULT-VALUE})")
    int megabytes;

    @Option(names = "--sim-megabytes", paramLabel = "MiB", defaultValue = "200",
            description = "bytes of the transfer over the simulated link, in MiB (default ${DEFAULT-VALUE})")
    int simMegabytes;

    @Option(names = "--rate-connections", paramLabel = "N", defaultValue = "200000",
            description = "connections opened and closed per round (default ${DEFAULT-VALUE})")
    int rateConnections;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "10000",
            description = "idle established connections held to measure heap (default ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "measured rounds after one warm-up round; the best is reported (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--kernel-seconds", paramLabel = "S", defaultValue = "3",
            description = "seconds of the kernel's iperf3 reference; 0 skips it (default ${DEFAULT-VALUE})")
    int kernelSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (megabytes < 1 || simMegabytes < 1 || rateConnections < 1 || connections < 1 || rounds < 1) {
            throw new IllegalArgumentException("--megabytes, --sim-megabytes, --rate-connections, --connections and "
                    + "--rounds are at least 1");
        }
        if (kernelSeconds < 0) {
            throw new IllegalArgumentException("--kernel-seconds is at least 0");
        }
        TcpBenchSuite.Report report = TcpBenchSuite.run(new TcpBenchSuite.Sizes((long) megabytes << 20,
                (long) simMegabytes << 20, rateConnections, connections, rounds));
        TcpKernelReference.Result kernel = kernelSeconds == 0
                ? TcpKernelReference.Result.unavailable("skipped (--kernel-seconds 0)")
                : TcpKernelReference.measure(Duration.ofSeconds(kernelSeconds));
        PrintWriter out = spec.commandLine().getOut();
        TcpBulkBenchmark.Result small = report.mtu1500();
        TcpBulkBenchmark.Result large = report.mtu65535();
        TcpBulkBenchmark.Result viaSim = report.mtu1500ThroughSimulator();
        TcpBulkBenchmark.Result simulated = report.simulated();
        if (json) {
            out.printf(Locale.ROOT, "{\"gbps_mtu1500\": %.3f, \"gbps_mtu65535\": %.3f, \"connections_per_s\": %d, "
                            + "\"bytes_per_idle_connection\": %d, \"sim_segments_per_s\": %d, "
                            + "\"segments_per_s_mtu1500\": %d, \"segments_per_s_mtu65535\": %d, "
                            + "\"gbps_per_cpu_s_mtu1500\": %.3f, \"gbps_per_cpu_s_mtu65535\": %.3f, "
                            + "\"gbps_mtu1500_simulator_driver\": %.3f, \"connections_per_cpu_s\": %d, "
                            + "\"sim_segments_per_cpu_s\": %d, \"idle_connections\": %d, \"bulk_bytes\": %d, "
                            + "\"kernel_veth_gbps\": %s, \"ratio_to_kernel\": %s}%n",
                    small.gbps(), large.gbps(), report.rate().perSecond(), report.idle().bytesPerConnectionEnd(),
                    simulated.segmentsPerSecond(), small.segmentsPerSecond(), large.segmentsPerSecond(),
                    small.gbpsPerCpu(), large.gbpsPerCpu(), viaSim.gbps(), report.rate().perCpuSecond(),
                    simulated.segmentsPerCpuSecond(), connections, small.bytes(), json(kernel.gbps()),
                    json(kernel.ratio(small.gbps())));
            if (kernel.unavailableReason() != null) {
                spec.commandLine().getErr().println("wirestack: no kernel reference: " + kernel.unavailableReason());
            }
            return 0;
        }
        out.printf(Locale.ROOT, "bulk, MTU 1500, in memory:         %6.2f Gbit/s (%.2f per CPU second), %,d segments/s%n",
                small.gbps(), small.gbpsPerCpu(), small.segmentsPerSecond());
        out.printf(Locale.ROOT, "bulk, MTU 1500, through SimNetwork: %6.2f Gbit/s (%.2f per CPU second)%n",
                viaSim.gbps(), viaSim.gbpsPerCpu());
        out.printf(Locale.ROOT, "bulk, MTU 65535, in memory:        %6.2f Gbit/s (%.2f per CPU second), %,d segments/s%n",
                large.gbps(), large.gbpsPerCpu(), large.segmentsPerSecond());
        out.printf(Locale.ROOT, "connections opened and closed:     %,d per second (%,d per CPU second)%n",
                report.rate().perSecond(), report.rate().perCpuSecond());
        out.printf(Locale.ROOT, "heap per idle connection end:      %,d bytes (%,d connections, both ends in this JVM)%n",
                report.idle().bytesPerConnectionEnd(), connections);
        out.printf(Locale.ROOT, "simulated 1 Gbit/s, 1 ms link:     %,d data segments per wall-clock second "
                + "(%,d per CPU second; %.2f s virtual in %.2f s)%n", simulated.segmentsPerSecond(),
                simulated.segmentsPerCpuSecond(), simulated.virtualNanos() / 1e9, simulated.wallSeconds());
        if (kernel.gbps().isPresent()) {
            out.printf(Locale.ROOT, "kernel, iperf3 over veth, MTU 1500: %6.2f Gbit/s (offloads off); MTU 1500 in "
                    + "memory is %.2f of it%n", kernel.gbps().getAsDouble(), kernel.ratio(small.gbps()).orElse(0));
        } else {
            out.printf(Locale.ROOT, "kernel, iperf3 over veth, MTU 1500: not measured: %s%n",
                    kernel.unavailableReason());
        }
        return 0;
    }

    /** A JSON number with three decimals, or null. */
    private static String json(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "null";
    }
}
