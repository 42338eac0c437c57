package dev.wirestack.bench;

import dev.wirestack.http.server.HttpResponse;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.transport.Network;
import dev.wirestack.http.transport.NioNetwork;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.runtime.DriverEventLoop;
import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.tap.TapDevice;
import dev.wirestack.tap.TapException;
import dev.wirestack.wire.MacAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code wirestack bench http --tap}: requests per second that {@code wrk}, on the kernel's side, gets from
 * Wirestack's HTTP server running on Wirestack TCP behind a TAP, and from the same server (same handler, same
 * 13-byte response, one event loop) on the kernel's TCP, reached over a veth pair: the ratio is what Wirestack's TCP,
 * IP and link layers cost an HTTP server against the kernel's.
 *
 * <p>Everything happens inside two namespaces made for the run ({@link BenchNamespaces}, 10.77.0.0/16 only), removed
 * with their interfaces and processes afterwards, also after a failure: the client namespace holds wrk, the TAP
 * (kernel 10.77.2.1/24, Wirestack 10.77.2.2/24) and one end of the veth pair (10.77.3.1/24); the server namespace the
 * other end (10.77.3.2/24), on which the kernel-socket server listens (its listening socket is opened by a thread
 * moved into that namespace). Wirestack runs in this JVM on a {@link RealTimeDriver}. Measured alternately, round
 * after round, after a three-second warm-up each; each wrk run lasts {@code seconds}.
 */
public final class HttpTapBenchmark {
    private static final String TAP = "wsth0";
    private static final String KERNEL = "10.77.2.1";
    private static final String WIRESTACK = "10.77.2.2";
    private static final String VETH_CLIENT = "10.77.3.1";
    private static final String VETH_SERVER = "10.77.3.2";
    private static final MacAddress WIRESTACK_MAC = MacAddress.parse("02:77:00:00:02:02");
    private static final int MTU = 1500;
    private static final int PORT = 8080;
    private static final String NETNS_DIRECTORY = "/run/netns/";
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY_CLOEXEC = 0x80000;
    /**
     * Longer than on loopback: Wirestack's TCP, IP and link code is compiled by the JIT during the warm-up too, and a
     * one-second one left the first measured round at a third of the later ones.
     */
    private static final int WARM_UP_SECONDS = 3;

    /** One round: each server measured once, Wirestack TCP first. */
    public record Round(HttpBenchmark.WrkResult wirestackTcp, HttpBenchmark.WrkResult kernelTcp) {
        /** Wirestack TCP's requests/s as a fraction of the kernel's, in this round. */
        public double ratio() {
            return wirestackTcp.requestsPerSecond() / kernelTcp.requestsPerSecond();
        }

        public long errors() {
            return wirestackTcp.errors() + kernelTcp.errors();
        }
    }

    /** Every round of one run; the summary figures are medians over rounds. */
    public record Result(List<Round> rounds, int seconds, int connections) {
        public Result {
            rounds = List.copyOf(rounds);
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("a run has at least one round");
            }
        }

        public double wirestackTcpRps() {
            return HttpBenchmark.median(rounds.stream().mapToDouble(r -> r.wirestackTcp().requestsPerSecond()));
        }

        public double kernelTcpRps() {
            return HttpBenchmark.median(rounds.stream().mapToDouble(r -> r.kernelTcp().requestsPerSecond()));
        }

        /** The median over rounds of Wirestack TCP / kernel TCP, each ratio taken within its round. */
        public double ratio() {
            return HttpBenchmark.median(rounds.stream().mapToDouble(Round::ratio));
        }

        public long errors() {
            return rounds.stream().mapToLong(Round::errors).sum();
        }
    }

    private HttpTapBenchmark() {
    }

    /** Whether this process may make namespaces and TAPs (it runs as root). */
    public static boolean canRun() {
        return BenchNamespaces.isRoot();
    }

    /**
     * Runs {@code rounds} rounds of wrk for {@code seconds} with {@code connections} against each server in turn.
     *
     * @throws IllegalStateException when a step fails (wrk or ip missing, a server that does not answer)
     */
    public static Result run(int seconds, int connections, int rounds) throws TapException, InterruptedException {
        if (!BenchNamespaces.hasTool("wrk")) {
            throw new IllegalStateException("cannot run wrk (apt-get install wrk)");
        }
        try (BenchNamespaces namespaces = new BenchNamespaces()) {
            String client = namespaces.create("-http");
            String server = namespaces.create("-http-srv");
            namespaces.exec(client, "ip", "tuntap", "add", "dev", TAP, "mode", "tap");
            namespaces.exec(client, "ip", "link", "set", TAP, "mtu", Integer.toString(MTU), "up");
            namespaces.exec(client, "ip", "addr", "add", KERNEL + "/24", "dev", TAP);
            namespaces.exec(client, "ip", "link", "add", "wsthv0", "type", "veth", "peer", "name", "wsthv1",
                    "netns", server);
            namespaces.exec(client, "ip", "addr", "add", VETH_CLIENT + "/24", "dev", "wsthv0");
            namespaces.exec(client, "ip", "link", "set", "wsthv0", "up");
            namespaces.exec(server, "ip", "addr", "add", VETH_SERVER + "/24", "dev", "wsthv1");
            namespaces.exec(server, "ip", "link", "set", "wsthv1", "up");

            HttpServer http = new HttpServer(exchange -> exchange.respond(HttpResponse.text(200, HttpBenchmark.BODY)),
                    ServerConfig.DEFAULT);
            TapDevice device = TapDevice.openInNamespace(client, TAP);
            Host host = Host.builder(TAP).iface(WIRESTACK_MAC, WIRESTACK + "/24", MTU)
                    .random(new SplittableRandom()).frameEvents(false).build();
            RealTimeDriver driver = new RealTimeDriver(host, device, null);
            try (NioNetwork kernel = NioNetwork.start("bench-http-kernel", InetAddress.getByName(VETH_SERVER))) {
                // Before start: the driver's thread owns the host from then on.
                http.serve(new WirestackNetwork(host, new DriverEventLoop(driver)), PORT);
                driver.start();
                Network.Listening kernelListening = inNamespace(server, () -> http.serve(kernel, PORT));
                try {
                    return measure(namespaces, client, seconds, connections, rounds);
                } finally {
                    kernelListening.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the kernel-socket HTTP server", e);
            } finally {
                driver.stop();
            }
        }
    }

    private static Result measure(BenchNamespaces namespaces, String client, int seconds, int connections,
                                  int rounds) {
        String wirestackUrl = "http://" + WIRESTACK + ":" + PORT + "/";
        String kernelUrl = "http://" + VETH_SERVER + ":" + PORT + "/";
        wrk(namespaces, client, wirestackUrl, WARM_UP_SECONDS, connections);
        wrk(namespaces, client, kernelUrl, WARM_UP_SECONDS, connections);
        List<Round> measured = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            measured.add(new Round(HttpBenchmark.parse(wrk(namespaces, client, wirestackUrl, seconds, connections)),
                    HttpBenchmark.parse(wrk(namespaces, client, kernelUrl, seconds, connections))));
        }
        return new Result(measured, seconds, connections);
    }

    private static String wrk(BenchNamespaces namespaces, String client, String url, int seconds, int connections) {
        return namespaces.output(client, Duration.ofSeconds(seconds + HttpBenchmark.WRK_GRACE_SECONDS),
                HttpBenchmark.wrkCommand(url, seconds, connections).toArray(String[]::new));
    }

    /**
     * Runs {@code action} on a platform thread moved into {@code namespace} (setns(2) moves only the calling thread,
     * which ends right after): the sockets it opens belong to that namespace.
     */
    private static <T> T inNamespace(String namespace, Callable<T> action) throws IOException, InterruptedException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofPlatform().name("wirestack-netns-" + namespace).start(() -> {
            try {
                enter(namespace);
                result.complete(action.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }).join();
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("in namespace " + namespace + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static void enter(String namespace) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setns = linker.downcallHandle(linker.defaultLookup().find("setns").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom(NETNS_DIRECTORY + namespace);
            int fd = (int) open.invokeExact(path, O_RDONLY_CLOEXEC);
            if (fd < 0) {
                throw new IllegalStateException("cannot open " + NETNS_DIRECTORY + namespace);
            }
            try {
                if ((int) setns.invokeExact(fd, CLONE_NEWNET) != 0) {
                    throw new IllegalStateException("cannot enter network namespace " + namespace);
                }
            } finally {
                int ignored = (int) close.invokeExact(fd);
            }
        }
    }
}
