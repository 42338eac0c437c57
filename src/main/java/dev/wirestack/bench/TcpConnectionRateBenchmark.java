package dev.wirestack.bench;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import java.time.Duration;

/**
 * How many TCP connections two Wirestack hosts open and close per second: in rounds of {@code batch} connections at
 * once (a load generator's concurrency), each one does the handshake, the client closes at once, the server closes
 * when it sees the client's FIN; then virtual time passes beyond TIME_WAIT (2 MSL, 60 s: free in virtual time, but
 * its timers run) so that the client's ports are free again. Everything of a round is measured: the handshakes,
 * both closes, and TIME_WAIT's end. A measurement, never a test assertion.
 */
public final class TcpConnectionRateBenchmark {
    private static final int PORT = 5002;
    private static final long VIRTUAL_LIMIT = Duration.ofMinutes(10).toNanos();

    /** The outcome: connections that went through their whole life, and what it cost. */
    public record Result(long connections, Stopwatch.Elapsed elapsed) {
        public long perSecond() {
            return elapsed.perWallSecond(connections);
        }

        public long perCpuSecond() {
            return elapsed.perCpuSecond(connections);
        }
    }

    private TcpConnectionRateBenchmark() {
    }

    /** Opens and closes {@code connections} connections, {@code batch} at a time. */
    public static Result run(TcpPair.Driver driver, int connections, int batch) {
        if (connections < 1 || batch < 1) {
            throw new IllegalArgumentException("at least one connection, in batches of at least one");
        }
        TcpPair pair = new TcpPair(driver, 1500, LinkSpec.ideal());
        TcpConfig config = TcpConfig.DEFAULT;
        long[] serverClosed = new long[1];
        pair.server.tcpListen(Ipv4Address.ANY, PORT, batch, batch, config).onAccept(socket -> socket
                .onPeerClosed(TcpSocket::close)
                .onClosed((s, error) -> serverClosed[0]++));
        long timeWait = config.timeWait().toNanos() + Duration.ofMillis(1).toNanos();
        long dropsBefore = pair.client.stats().totalDrops() + pair.server.stats().totalDrops();
        Stopwatch stopwatch = new Stopwatch();
        long opened = 0;
        while (opened < connections) {
            int round = (int) Math.min(batch, connections - opened);
            for (int i = 0; i < round; i++) {
                pair.client.tcpConnect(TcpPair.SERVER, PORT, config).onConnected(TcpSocket::close);
            }
            opened += round;
            long target = opened;
            pair.runUntil(() -> serverClosed[0] >= target, VIRTUAL_LIMIT);
            pair.advanceBy(timeWait);
        }
        Stopwatch.Elapsed elapsed = stopwatch.stop();
        if (pair.client.stats().totalDrops() + pair.server.stats().totalDrops() != dropsBefore) {
            throw new IllegalStateException("frames were dropped: " + pair.client.stats() + pair.server.stats());
        }
        return new Result(serverClosed[0], elapsed);
    }

    /** Prints a few rounds (the first ones warm the JIT up): args driver, connections, batch. */
    public static void main(String[] args) {
        TcpPair.Driver driver = TcpPair.Driver.valueOf(args.length > 0 ? args[0] : "DIRECT");
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        for (int round = 1; round <= 5; round++) {
            Result r = run(driver, connections, batch);
            System.out.printf("round %d: %s: %,d connections/s (%,d per CPU s)%n", round, driver, r.perSecond(),
                    r.perCpuSecond());
        }
    }
}
