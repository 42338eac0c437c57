package dev.wirestack.bench;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.wire.Ipv4Address;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an idle established TCP connection costs in heap: {@code n} connections are opened between two hosts (with
 * {@link TcpConfig#DEFAULT}: 256 KiB buffers each way) and left idle, and the heap in use after forced collections
 * is compared with the heap before. Both ends of each connection live in this JVM, so the figure per connection end
 * (one socket on one host, what a server pays per client) is the difference divided by {@code 2n}. A measurement,
 * never a test assertion.
 */
public final class TcpIdleMemoryBenchmark {
    private static final int FIRST_PORT = 6000;
    /** Connections per listening port: fewer than the 28,232 ephemeral ports a client has per remote endpoint. */
    private static final int PER_PORT = 20_000;
    private static final int BATCH = 1000;
    private static final long VIRTUAL_LIMIT = Duration.ofMinutes(1).toNanos();
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** The outcome: connections held open, heap in use before and after, and how long the opening took. */
    public record Result(int connections, long heapBefore, long heapAfter, Stopwatch.Elapsed elapsed) {
        /** Heap bytes per connection end (one socket on one host). */
        public long bytesPerConnectionEnd() {
            return (heapAfter - heapBefore) / (2L * connections);
        }
    }

    private TcpIdleMemoryBenchmark() {
    }

    public static Result run(int connections) {
        if (connections < 1) {
            throw new IllegalArgumentException("at least one connection");
        }
        TcpPair pair = new TcpPair(TcpPair.Driver.DIRECT, 1500, LinkSpec.ideal());
        List<TcpSocket> clients = new ArrayList<>(connections);
        List<TcpSocket> servers = new ArrayList<>(connections);
        List<TcpListener> listeners = new ArrayList<>();
        for (int port = FIRST_PORT; port < FIRST_PORT + (connections + PER_PORT - 1) / PER_PORT; port++) {
            listeners.add(pair.server.tcpListen(Ipv4Address.ANY, port, BATCH, BATCH, TcpConfig.DEFAULT)
                    .onAccept(servers::add));
        }
        long heapBefore = heapUsed();
        Stopwatch stopwatch = new Stopwatch();
        while (clients.size() < connections) {
            int round = Math.min(BATCH, connections - clients.size());
            for (int i = 0; i < round; i++) {
                int port = FIRST_PORT + clients.size() / PER_PORT;
                clients.add(pair.client.tcpConnect(TcpPair.SERVER, port, TcpConfig.DEFAULT));
            }
            pair.runUntil(() -> servers.size() == clients.size()
                    && clients.getLast().state() == TcpState.ESTABLISHED, VIRTUAL_LIMIT);
        }
        // Let the delayed-ACK timers and the like run out: idle means nothing is pending.
        pair.advanceBy(Duration.ofSeconds(1).toNanos());
        Stopwatch.Elapsed elapsed = stopwatch.stop();
        long heapAfter = heapUsed();
        long established = clients.stream().filter(s -> s.state() == TcpState.ESTABLISHED).count()
                + servers.stream().filter(s -> s.state() == TcpState.ESTABLISHED).count();
        if (established != 2L * connections) {
            throw new IllegalStateException(established + " of " + 2L * connections + " ends are established");
        }
        java.lang.ref.Reference.reachabilityFence(listeners);
        java.lang.ref.Reference.reachabilityFence(pair);
        return new Result(connections, heapBefore, heapAfter, elapsed);
    }

    /** Heap in use after collections have stopped freeing anything (System.gc is a request: ask a few times). */
    private static long heapUsed() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = MEMORY.getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** Prints the figure for {@code args[0]} connections (default 10,000). */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Result r = run(n);
        System.out.printf("%,d idle connections: %,d bytes of heap per connection end (%,d MiB in all), opened in "
                + "%.2f s%n", n, r.bytesPerConnectionEnd(), (r.heapAfter() - r.heapBefore()) >> 20,
                r.elapsed().wallNanos() / 1e9);
    }
}
