package dev.wirestack.bench;

import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tap.TapDevice;
import dev.wirestack.tap.TapException;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wirestack bench tap}: TCP throughput between the Linux kernel and Wirestack through a real TAP interface,
 * both ways, against the kernel's own TCP between two namespaces over a veth pair, all in one run at one MTU.
 *
 * <p>Everything happens inside two namespaces made for the run ({@link BenchNamespaces}, 10.77.0.0/16 only):
 * the first holds the TAP (kernel 10.77.0.1/24, Wirestack 10.77.0.2/24, txqueuelen 10000, so bursts are not
 * dropped by the kernel's queue) and one end of the veth pair (10.77.1.1/24); the second the other end (10.77.1.2/24).
 * Wirestack runs in this JVM on a {@link RealTimeDriver}, its TAP opened from inside the first namespace.
 *
 * <ul>
 *   <li>kernel to Wirestack: {@code socat} sends the bytes to Wirestack's discard service; timed in Wirestack from
 *       the accept to the end of the stream;</li>
 *   <li>Wirestack to kernel: Wirestack sends the bytes to a {@code socat} sink that counts them; timed from the
 *       connect to the sink's FIN (it has read every byte);</li>
 *   <li>kernel to kernel: {@code iperf3} for two seconds over the veth pair, or, without iperf3, socat to socat.</li>
 * </ul>
 *
 * <p>The kernel's sending sockets use CUBIC, Linux's default congestion control, whatever the machine's default is:
 * with BBR (the default of some hosts) the kernel paces its sending at the rate it measured, which swings with every
 * scheduling hiccup of a busy machine, and the same run measured from 1 to 6 Gbit/s through the TAP and 2 to 13 over
 * the veth pair. A namespace's default cannot be set to CUBIC where the host restricts it, so each socket asks.
 */
public final class TapBenchmark {
    private static final String TAP = "wst0";
    private static final String KERNEL = "10.77.0.1";
    private static final String WIRESTACK = "10.77.0.2";
    private static final String VETH_SENDER = "10.77.1.1";
    private static final String VETH_RECEIVER = "10.77.1.2";
    private static final MacAddress WIRESTACK_MAC = MacAddress.parse("02:77:00:00:00:02");
    private static final int DISCARD_PORT = 9;
    private static final int SINK_PORT = 5001;
    private static final int IPERF_PORT = 5201;
    private static final int SOCAT_BLOCK = 256 * 1024;
    private static final Duration IPERF_TIME = Duration.ofSeconds(2);
    /** Each transfer must have finished by then, or it counts as failed (a stuck connection). */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Wirestack's TCP for the benchmark without offloads: what serve and nc use. 256 KiB buffers (the window, scaled,
     * RFC 7323) would cap a connection near 2 Gbit/s at a millisecond of round trip; at those speeds 4 MiB measured no
     * better.
     */
    private static final TcpConfig CONFIG = TcpConfig.DEFAULT;
    /**
     * With offloads: 4 MiB buffers. A 256 KiB window is only four of the kernel's 64 KiB segments, and the kernel's
     * sender spent 60 to 85% of its time waiting for it to open ({@code ss -ti}: rwnd_limited) while the round trip,
     * normally a quarter of a millisecond, rose to several whenever a thread of the busy machine's two cores waited.
     */
    private static final TcpConfig OFFLOAD_CONFIG = TcpConfig.DEFAULT.withBuffers(4 << 20, 4 << 20);
    /**
     * Warm-up rounds at most, each a transfer of the warm-up size both ways, repeated while the JIT still compiles:
     * with offloads 512 MiB is only some 8,000 segments each way, and after one such round the JIT went on compiling
     * for over two seconds (C2, Wirestack's sending path), through the timed transfers; two or three rounds left it
     * quiet (13 ms in the next), and the timed ones measured 3.6 to 4.5 Gbit/s in and 7 to 8.4 out on a busy machine.
     */
    private static final int WARMUP_ROUNDS = 8;
    /** A warm-up round in which the JIT compiled for less than this long leaves it quiet enough to time. */
    private static final long QUIET_JIT_MILLIS = 100;
    /** Linux's default congestion control, asked for by each of the kernel's sending sockets when available. */
    private static final String KERNEL_CONGESTION_CONTROL = "cubic";
    /** The socket option TCP_CONGESTION (IPPROTO_TCP 6, option 13) for socat, with the algorithm's name. */
    private static final String SOCAT_CONGESTION = ",setsockopt-string=6:13:" + KERNEL_CONGESTION_CONTROL;
    private static final Path AVAILABLE_CONGESTION_CONTROL =
            Path.of("/proc/sys/net/ipv4/tcp_available_congestion_control");
    private static final Pattern IPERF_RECEIVED =
            Pattern.compile("\"sum_received\"\\s*:\\s*\\{[^}]*\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)");

    /**
     * What one transfer through the TAP cost: the CPU time this JVM took (all its threads, the kernel's work inside
     * their system calls included), in seconds, which a busy machine disturbs less than the throughput; and the
     * frames Wirestack read from the TAP and handed to it (a frame of up to 64 KiB with offloads, which the writer may
     * merge further), whose sizes tell whether the kernel's large segments came.
     */
    public record Cost(double cpuSeconds, long framesRead, long framesSent) {
    }

    /** What one run measured: throughput in Gbit/s each way and the kernel's over the veth pair, and the costs. */
    public record Result(double kernelToWirestackGbps, double wirestackToKernelGbps, double kernelGbps,
                         String referenceTool, long bytes, int mtu, boolean offload, long warmupBytes,
                         Cost kernelToWirestackCost, Cost wirestackToKernelCost) {
        public double kernelToWirestackRatio() {
            return kernelToWirestackGbps / kernelGbps;
        }

        public double wirestackToKernelRatio() {
            return wirestackToKernelGbps / kernelGbps;
        }
    }

    private TapBenchmark() {
    }

    /** Whether this process may make namespaces and TAPs (it runs as root). */
    public static boolean canRun() {
        return BenchNamespaces.isRoot();
    }

    /**
     * Runs the three transfers of {@code bytes} each (the kernel reference runs for a fixed time with iperf3) at MTU
     * {@code mtu}, with the TAP's offloads when {@code offload} ({@link TapDevice#open(String, boolean)}), and
     * removes every namespace, interface and process it made before returning or throwing. Before the timed transfers
     * through the TAP, untimed transfers of {@code warmupBytes} each way (none when 0) warm the JVM up: one, and
     * more while the JIT still compiles, up to {@value #WARMUP_ROUNDS} ({@link Result#warmupBytes} says how much).
     *
     * @throws IllegalStateException when a step fails (a tool missing, a transfer that does not finish)
     */
    public static Result run(long bytes, int mtu, boolean offload, long warmupBytes) throws TapException, InterruptedException {
        try (BenchNamespaces namespaces = new BenchNamespaces()) {
            String tapSide = namespaces.create("");
            String peer = namespaces.create("-peer");
            namespaces.exec(tapSide, "ip", "tuntap", "add", "dev", TAP, "mode", "tap");
            namespaces.exec(tapSide, "ip", "link", "set", TAP, "mtu", Integer.toString(mtu), "txqueuelen", "10000",
                    "up");
            namespaces.exec(tapSide, "ip", "addr", "add", KERNEL + "/24", "dev", TAP);
            namespaces.exec(tapSide, "ip", "link", "add", "wstv0", "mtu", Integer.toString(mtu), "type", "veth",
                    "peer", "name", "wstv1", "netns", peer, "mtu", Integer.toString(mtu));
            namespaces.exec(tapSide, "ip", "addr", "add", VETH_SENDER + "/24", "dev", "wstv0");
            namespaces.exec(tapSide, "ip", "link", "set", "wstv0", "up");
            namespaces.exec(peer, "ip", "addr", "add", VETH_RECEIVER + "/24", "dev", "wstv1");
            namespaces.exec(peer, "ip", "link", "set", "wstv1", "up");

            double kernelGbps;
            String tool;
            if (BenchNamespaces.hasTool("iperf3")) {
                tool = "iperf3";
                kernelGbps = iperf(namespaces, tapSide, peer);
            } else {
                tool = "socat";
                kernelGbps = socatOverVeth(namespaces, tapSide, peer, bytes);
            }

            TapDevice device = TapDevice.openInNamespace(tapSide, TAP, offload);
            Host host = Host.builder(TAP).iface(WIRESTACK_MAC, WIRESTACK + "/24", mtu)
                    .random(new SplittableRandom()).frameEvents(false).build();
            host.iface(0).setSegmentationOffload(device.segmentationOffload());
            RealTimeDriver driver = new RealTimeDriver(host, device, null);
            TcpConfig config = offload ? OFFLOAD_CONFIG : CONFIG;
            Queue<CompletableFuture<Transfer>> discards = discard(host, driver, config);
            driver.start();
            try {
                long warmed = 0;
                long compiling = Long.MAX_VALUE;
                // Untimed: the JIT compiles the paths, the heap grows to its working size.
                for (int round = 0; warmupBytes > 0 && round < WARMUP_ROUNDS && compiling > QUIET_JIT_MILLIS; round++) {
                    long compiledBefore = jitMillis();
                    kernelToWirestack(namespaces, tapSide, warmupBytes, discards);
                    wirestackToKernel(namespaces, tapSide, host, driver, config, warmupBytes);
                    warmed += warmupBytes;
                    compiling = jitMillis() - compiledBefore;
                }
                Meter meter = new Meter(host);
                double in = kernelToWirestack(namespaces, tapSide, bytes, discards);
                Cost inCost = meter.lap();
                double out = wirestackToKernel(namespaces, tapSide, host, driver, config, bytes);
                Cost outCost = meter.lap();
                return new Result(in, out, kernelGbps, tool, bytes, mtu, offload, warmed, inCost, outCost);
            } finally {
                driver.stop();
            }
        }
    }

    /** The time the JIT has spent compiling so far, in milliseconds (0 where the JVM does not count it). */
    private static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * The {@link Cost} of each transfer, from the counters at the start of one to its end. The host's counters are
     * the loop thread's; read from another thread between transfers, they may lag by a frame or two.
     */
    private static final class Meter {
        private final Host host;
        private long cpuNanos = processCpuNanos();
        private long framesRead;
        private long framesSent;

        Meter(Host host) {
            this.host = host;
            this.framesRead = host.stats().framesIn(0);
            this.framesSent = host.stats().framesOut(0);
        }

        Cost lap() {
            long cpu = processCpuNanos();
            long read = host.stats().framesIn(0);
            long sent = host.stats().framesOut(0);
            Cost cost = new Cost((cpu - cpuNanos) / 1e9, read - framesRead, sent - framesSent);
            cpuNanos = cpu;
            framesRead = read;
            framesSent = sent;
            return cost;
        }

        /** The CPU time this JVM has taken so far, every thread's, user and system. */
        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    /** The socat option that makes the kernel's sending socket use CUBIC, or nothing when the kernel has none. */
    private static String congestionOption() {
        return kernelHasCubic() ? SOCAT_CONGESTION : "";
    }

    private static boolean kernelHasCubic() {
        try {
            return List.of(Files.readString(AVAILABLE_CONGESTION_CONTROL).strip().split("\\s+"))
                    .contains(KERNEL_CONGESTION_CONTROL);
        } catch (IOException e) {
            return false;
        }
    }

    private record Transfer(long bytes, long nanos) {
        double gbps() {
            return bytes * 8.0 / nanos;
        }
    }

    /**
     * Wirestack's discard service (RFC 863), timed: from the accept to the end of the stream. Each connection
     * completes the next future in the queue, which the caller puts there before it connects.
     */
    private static Queue<CompletableFuture<Transfer>> discard(Host host, RealTimeDriver driver, TcpConfig config) {
        Queue<CompletableFuture<Transfer>> expected = new ConcurrentLinkedQueue<>();
        byte[] sink = new byte[64 * 1024];
        host.tcpListen(Ipv4Address.ANY, DISCARD_PORT, 4, 16, config).onAccept(socket -> {
            long start = driver.now();
            CompletableFuture<Transfer> done = expected.poll();
            if (done == null) {
                socket.abort(); // not a transfer of this benchmark's
                return;
            }
            long[] count = {0};
            socket.onReadable(s -> {
                int n;
                while ((n = s.read(sink, 0, sink.length)) > 0) {
                    count[0] += n;
                }
                if (n < 0) {
                    done.complete(new Transfer(count[0], driver.now() - start));
                    s.close();
                }
            }).onClosed((s, error) -> {
                if (error != null) {
                    done.completeExceptionally(new IllegalStateException("the discard connection failed: " + error));
                }
            });
        });
        return expected;
    }

    private static double kernelToWirestack(BenchNamespaces namespaces, String tapSide, long bytes,
                                            Queue<CompletableFuture<Transfer>> discards) throws InterruptedException {
        CompletableFuture<Transfer> received = new CompletableFuture<>();
        discards.add(received);
        Process sender = namespaces.start(tapSide, "socat", "-u", "-b", Integer.toString(SOCAT_BLOCK),
                "FILE:/dev/zero,readbytes=" + bytes, "TCP:" + WIRESTACK + ":" + DISCARD_PORT + congestionOption());
        Transfer transfer = await(received, "kernel to Wirestack");
        if (!BenchNamespaces.awaitExit(sender, Duration.ofSeconds(10)) || sender.exitValue() != 0) {
            throw new IllegalStateException("socat, sending to Wirestack, failed");
        }
        if (transfer.bytes() != bytes) {
            throw new IllegalStateException("Wirestack's discard received " + transfer.bytes() + " bytes, not "
                    + bytes);
        }
        return transfer.gbps();
    }

    /**
     * Wirestack sends {@code bytes} zeros to a kernel sink that counts them ({@code wc -c} behind socat), timed from
     * the connect to the sink's FIN; the count must be {@code bytes}.
     */
    private static double wirestackToKernel(BenchNamespaces namespaces, String tapSide, Host host,
                                            RealTimeDriver driver, TcpConfig config, long bytes)
            throws InterruptedException {
        Process sink = namespaces.startWithOutput(tapSide, "sh", "-c", "socat -u -b " + SOCAT_BLOCK + " TCP-LISTEN:"
                + SINK_PORT + ",reuseaddr STDOUT | wc -c");
        namespaces.awaitListening(tapSide, SINK_PORT);
        CompletableFuture<Transfer> sent = new CompletableFuture<>();
        driver.execute(() -> send(host, driver, config, bytes, sent));
        Transfer transfer = await(sent, "Wirestack to kernel");
        if (!BenchNamespaces.awaitExit(sink, Duration.ofSeconds(10))) {
            throw new IllegalStateException("the kernel's sink did not end after Wirestack's FIN");
        }
        String counted = BenchNamespaces.outputOf(sink).strip();
        if (!counted.equals(Long.toString(bytes))) {
            throw new IllegalStateException("the kernel's sink received " + counted + " bytes, not " + bytes);
        }
        return transfer.gbps();
    }

    private static void send(Host host, RealTimeDriver driver, TcpConfig config, long bytes,
                             CompletableFuture<Transfer> sent) {
        byte[] zeros = new byte[64 * 1024];
        long start = driver.now();
        long[] left = {bytes};
        TcpSocket socket = host.tcpConnect(Ipv4Address.parse(KERNEL), SINK_PORT, config);
        Consumer<TcpSocket> pump = s -> {
            int n;
            while (left[0] > 0 && (n = s.write(zeros, 0, (int) Math.min(zeros.length, left[0]))) > 0) {
                left[0] -= n;
            }
            if (left[0] == 0) {
                left[0] = -1; // once
                s.shutdownOutput();
            }
        };
        socket.onConnected(pump).onWritable(pump).onPeerClosed(s -> {
            sent.complete(new Transfer(bytes, driver.now() - start));
            s.close();
        }).onClosed((s, error) -> {
            if (error != null) {
                sent.completeExceptionally(new IllegalStateException("the connection to the sink failed: " + error));
            }
        });
    }

    private static Transfer await(CompletableFuture<Transfer> transfer, String what) throws InterruptedException {
        try {
            return transfer.get(TRANSFER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not finish within " + TRANSFER_TIMEOUT.toMinutes() + " min");
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static double iperf(BenchNamespaces namespaces, String sender, String receiver) {
        namespaces.start(receiver, "iperf3", "--server", "--one-off", "--port", Integer.toString(IPERF_PORT));
        namespaces.awaitListening(receiver, IPERF_PORT);
        List<String> client = new ArrayList<>(List.of("iperf3", "--client", VETH_RECEIVER, "--port",
                Integer.toString(IPERF_PORT), "--time", Long.toString(IPERF_TIME.toSeconds()), "--json"));
        if (kernelHasCubic()) {
            client.addAll(List.of("--congestion", KERNEL_CONGESTION_CONTROL));
        }
        String json = namespaces.output(sender, IPERF_TIME.plusSeconds(30), client.toArray(String[]::new));
        Matcher matcher = IPERF_RECEIVED.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("iperf3 reported no received throughput: " + json.strip());
        }
        return Double.parseDouble(matcher.group(1)) / 1e9;
    }

    /** Without iperf3: socat to socat over the veth pair, timed from the sender's start to the sink's end. */
    private static double socatOverVeth(BenchNamespaces namespaces, String sender, String receiver, long bytes)
            throws InterruptedException {
        Process sink = namespaces.start(receiver, "socat", "-u", "-b", Integer.toString(SOCAT_BLOCK),
                "TCP-LISTEN:" + SINK_PORT + ",reuseaddr", "OPEN:/dev/null");
        namespaces.awaitListening(receiver, SINK_PORT);
        long start = System.nanoTime();
        namespaces.start(sender, "socat", "-u", "-b", Integer.toString(SOCAT_BLOCK),
                "FILE:/dev/zero,readbytes=" + bytes, "TCP:" + VETH_RECEIVER + ":" + SINK_PORT + congestionOption());
        if (!BenchNamespaces.awaitExit(sink, TRANSFER_TIMEOUT) || sink.exitValue() != 0) {
            throw new IllegalStateException("the kernel-to-kernel transfer over the veth pair failed");
        }
        return new Transfer(bytes, System.nanoTime() - start).gbps();
    }
}
