package dev.wirestack.cli;

import dev.wirestack.bench.UdpBlastBenchmark;
import dev.wirestack.bench.BareBlastBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack bench sim}: how many simulated frames the simulator delivers per wall-clock second. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "A UDP blast between two hosts through a switch, in frames delivered per wall-clock second, "
                + "next to the same blast between bare frame generators (the simulator alone) as the baseline.")
final class BenchSimCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "1000000",
            description = "datagrams per measured round (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "measured rounds after one warm-up round; the best is reported (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--payload", paramLabel = "BYTES", defaultValue = "18",
            description = "UDP payload bytes (default ${DEFAULT-VALUE}: minimum-size Ethernet frames)")
    int payload;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (frames < 1 || rounds < 1 || payload < 0 || payload > 1472) {
            throw new IllegalArgumentException("--frames and --rounds are at least 1, --payload 0 to 1472");
        }
        UdpBlastBenchmark.run(Math.min(frames, 200_000), payload);
        BareBlastBenchmark.udpBlast(Math.min(frames, 200_000), payload);
        long hosts = 0;
        long hostsCpu = 0;
        long datagramsPerSecond = 0;
        long bare = 0;
        long bareCpu = 0;
        long delivered = 0;
        for (int round = 0; round < rounds; round++) {
            UdpBlastBenchmark.Result result = UdpBlastBenchmark.run(frames, payload);
            delivered = result.datagramsDelivered();
            hosts = Math.max(hosts, result.framesPerSecond());
            hostsCpu = Math.max(hostsCpu, result.framesPerCpuSecond());
            datagramsPerSecond = Math.max(datagramsPerSecond, result.datagramsPerSecond());
            BareBlastBenchmark.Result baseline = BareBlastBenchmark.udpBlast(frames, payload);
            bare = Math.max(bare, baseline.framesPerSecond());
            bareCpu = Math.max(bareCpu, baseline.framesPerCpuSecond());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.printf(Locale.ROOT, "{\"frames_per_s\": %d, \"frames_per_cpu_s\": %d, \"datagrams_per_s\": %d, "
                    + "\"bare_frames_per_s\": %d, \"bare_frames_per_cpu_s\": %d, "
                    + "\"datagrams\": %d, \"delivered\": %d, \"payload_bytes\": %d}%n",
                    hosts, hostsCpu, datagramsPerSecond, bare, bareCpu, frames, delivered, payload);
        } else {
            out.printf(Locale.ROOT, "UDP blast between two hosts through a switch: %,d frames/s (%,d per CPU second), "
                    + "%,d datagrams/s (%,d of %,d delivered)%n", hosts, hostsCpu, datagramsPerSecond, delivered, frames);
            out.printf(Locale.ROOT, "the same blast between bare frame generators:  %,d frames/s (%,d per CPU second); "
                    + "hosts at %.2fx of it per CPU second%n", bare, bareCpu, bareCpu == 0 ? 0 : (double) hostsCpu / bareCpu);
        }
        return delivered == frames ? 0 : 1;
    }
}
