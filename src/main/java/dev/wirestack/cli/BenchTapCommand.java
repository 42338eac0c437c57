package dev.wirestack.cli;

import dev.wirestack.bench.TapBenchmark;
import dev.wirestack.tap.TapException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code wirestack bench tap}: TCP throughput between the Linux kernel and Wirestack through a TAP, both ways, and
 * the kernel's own over a veth pair as the reference, in network namespaces of its own (needs root).
 */
@Command(name = "tap", mixinStandardHelpOptions = true,
        description = "As root, in network namespaces of its own (10.77.0.0/16): kernel to Wirestack (socat to the"
                + " discard service) and Wirestack to kernel (to a socat sink) TCP throughput through a TAP, and"
                + " kernel to kernel over a veth pair (iperf3, or socat) as the reference; Gbit/s and the ratios.")
final class BenchTapCommand implements Callable<Integer> {
    private static final int MIN_MTU = 576;
    private static final int MAX_MTU = 65521;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--megabytes", paramLabel = "MiB", defaultValue = "256",
            description = "bytes of each transfer through the TAP, in MiB (default ${DEFAULT-VALUE})")
    int megabytes;

    @Option(names = "--mtu", paramLabel = "N", defaultValue = "1500",
            description = "MTU of the TAP, the veth pair and Wirestack (default ${DEFAULT-VALUE})")
    int mtu;

    /**
     * The JIT compiles a path after some thousands of passes, and a pass carries up to 64 KiB with offloads but one
     * 1500-byte frame without: 64 MiB warmed the plain path, but left the offloaded one half compiled, and its timed
     * runs then measured from 1 to 9 Gbit/s. The benchmark repeats a round while the JIT still compiles.
     */
    private static final int WARMUP_MEGABYTES_PLAIN = 64;
    private static final int WARMUP_MEGABYTES_OFFLOAD = 256;

    @Option(names = "--warmup-megabytes", paramLabel = "MiB",
            description = "untimed transfers each way first, in MiB, repeated while the JIT still compiles, so that"
                    + " it has compiled what is timed (default " + WARMUP_MEGABYTES_OFFLOAD + " with offloads, "
                    + WARMUP_MEGABYTES_PLAIN + " without; 0: none)")
    Integer warmupMegabytes;

    @Option(names = "--offload", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "open the TAP with offloads (IFF_VNET_HDR, checksum and TSO): TCP segments of up to 64 KiB"
                    + " cross it in one system call, both ways (the default; --no-offload: one frame per call)")
    boolean offload;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (megabytes < 1 || megabytes > 1 << 20) {
            throw new IllegalArgumentException("--megabytes is 1 to " + (1 << 20) + ", not " + megabytes);
        }
        int warmup = warmupMegabytes != null ? warmupMegabytes
                : offload ? WARMUP_MEGABYTES_OFFLOAD : WARMUP_MEGABYTES_PLAIN;
        if (warmup < 0 || warmup > 1 << 20) {
            throw new IllegalArgumentException("--warmup-megabytes is 0 to " + (1 << 20) + ", not " + warmupMegabytes);
        }
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("--mtu is " + MIN_MTU + " to " + MAX_MTU + ", not " + mtu);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!TapBenchmark.canRun()) {
            err.println("wirestack: bench tap creates network namespaces and a TAP: run it as root");
            return 1;
        }
        TapBenchmark.Result result;
        try {
            result = TapBenchmark.run((long) megabytes << 20, mtu, offload, (long) warmup << 20);
        } catch (TapException | IllegalStateException e) {
            err.println("wirestack: " + e.getMessage());
            return 1;
        }
        if (json) {
            out.printf(Locale.ROOT, "{\"gbps_kernel_to_wirestack\": %.3f, \"gbps_wirestack_to_kernel\": %.3f, "
                            + "\"gbps_kernel_veth\": %.3f, \"ratio_kernel_to_wirestack\": %.4f, "
                            + "\"ratio_wirestack_to_kernel\": %.4f, \"reference_tool\": \"%s\", \"bytes\": %d, "
                            + "\"mtu\": %d, \"offload\": %b, \"warmup_bytes\": %d, %s, %s}%n",
                    result.kernelToWirestackGbps(), result.wirestackToKernelGbps(), result.kernelGbps(),
                    result.kernelToWirestackRatio(), result.wirestackToKernelRatio(), result.referenceTool(),
                    result.bytes(), result.mtu(), result.offload(), result.warmupBytes(),
                    costJson("kernel_to_wirestack", result.kernelToWirestackCost()),
                    costJson("wirestack_to_kernel", result.wirestackToKernelCost()));
            return 0;
        }
        out.printf(Locale.ROOT, "kernel -> Wirestack, TAP, MTU %d:   %7.3f Gbit/s (%.4f of the kernel's), %s%n",
                result.mtu(), result.kernelToWirestackGbps(), result.kernelToWirestackRatio(),
                costText(result.kernelToWirestackCost()));
        out.printf(Locale.ROOT, "Wirestack -> kernel, TAP, MTU %d:   %7.3f Gbit/s (%.4f of the kernel's), %s%n",
                result.mtu(), result.wirestackToKernelGbps(), result.wirestackToKernelRatio(),
                costText(result.wirestackToKernelCost()));
        out.printf(Locale.ROOT, "kernel -> kernel, veth, MTU %d (%s): %7.3f Gbit/s%n", result.mtu(),
                result.referenceTool(), result.kernelGbps());
        out.printf(Locale.ROOT, "(%,d bytes each way through the TAP after %,d untimed, offloads %s)%n",
                result.bytes(), result.warmupBytes(), result.offload() ? "on" : "off");
        return 0;
    }

    private static String costJson(String direction, TapBenchmark.Cost cost) {
        return String.format(Locale.ROOT, "\"cpu_seconds_%s\": %.3f, \"frames_read_%s\": %d, \"frames_sent_%s\": %d",
                direction, cost.cpuSeconds(), direction, cost.framesRead(), direction, cost.framesSent());
    }

    private static String costText(TapBenchmark.Cost cost) {
        return String.format(Locale.ROOT, "%.3f s of CPU, %,d frames read, %,d sent", cost.cpuSeconds(),
                cost.framesRead(), cost.framesSent());
    }
}
