package dev.wirestack.bench;

import dev.wirestack.sim.LinkSpec;
import java.time.Duration;

/**
 * Everything {@code wirestack bench tcp} measures, in one run: bulk transfers in memory at MTU 1500 and 65535 (with
 * the direct driver, and at MTU 1500 through the simulator too, to show what its scheduler costs), connections
 * opened and closed per second, heap per idle connection, and simulated segments per second over a 1 Gbit/s, 1 ms
 * link (with buffers sized for that link, 512 KiB; the in-memory transfers have 4 MiB). Each figure is the best of {@code rounds} measured rounds after one warm-up round; heap is measured once.
 */
public final class TcpBenchSuite {
    /** The simulated link of the simulation-speed figure. */
    public static final LinkSpec SIMULATED_LINK = LinkSpec.ethernet1G().delay(Duration.ofMillis(1));

    /** How much to measure. */
    public record Sizes(long bulkBytes, long simulatedBytes, int rateConnections, int idleConnections, int rounds) {
        public Sizes {
            if (bulkBytes < 1 || simulatedBytes < 1 || rateConnections < 1 || idleConnections < 1 || rounds < 1) {
                throw new IllegalArgumentException("every size and the rounds must be at least 1");
            }
        }
    }

    /** The best round of each figure. */
    public record Report(TcpBulkBenchmark.Result mtu1500, TcpBulkBenchmark.Result mtu65535,
                         TcpBulkBenchmark.Result mtu1500ThroughSimulator, TcpConnectionRateBenchmark.Result rate,
                         TcpIdleMemoryBenchmark.Result idle, TcpBulkBenchmark.Result simulated) {
    }

    /** Connections opened at once by the rate benchmark. */
    private static final int RATE_BATCH = 1000;

    private TcpBenchSuite() {
    }

    public static Report run(Sizes sizes) {
        TcpBulkBenchmark.Result mtu1500 = null;
        TcpBulkBenchmark.Result mtu65535 = null;
        TcpBulkBenchmark.Result viaSimulator = null;
        TcpConnectionRateBenchmark.Result rate = null;
        TcpBulkBenchmark.Result simulated = null;
        for (int round = 0; round <= sizes.rounds(); round++) { // round 0 warms the JIT up and is not counted
            boolean counted = round > 0;
            var a = TcpBulkBenchmark.inMemory(TcpPair.Driver.DIRECT, 1500, sizes.bulkBytes());
            var b = TcpBulkBenchmark.inMemory(TcpPair.Driver.DIRECT, 65535, sizes.bulkBytes());
            var c = TcpBulkBenchmark.inMemory(TcpPair.Driver.SIM, 1500, sizes.bulkBytes());
            var d = TcpConnectionRateBenchmark.run(TcpPair.Driver.DIRECT, sizes.rateConnections(), RATE_BATCH);
            var e = TcpBulkBenchmark.simulated(SIMULATED_LINK, sizes.simulatedBytes());
            if (counted) {
                mtu1500 = faster(mtu1500, a);
                mtu65535 = faster(mtu65535, b);
                viaSimulator = faster(viaSimulator, c);
                rate = rate == null || d.perSecond() > rate.perSecond() ? d : rate;
                simulated = faster(simulated, e);
            }
        }
        TcpIdleMemoryBenchmark.Result idle = TcpIdleMemoryBenchmark.run(sizes.idleConnections());
        return new Report(mtu1500, mtu65535, viaSimulator, rate, idle, simulated);
    }

    private static TcpBulkBenchmark.Result faster(TcpBulkBenchmark.Result best, TcpBulkBenchmark.Result candidate) {
        return best == null || candidate.elapsed().wallNanos() < best.elapsed().wallNanos() ? candidate : best;
    }
}
