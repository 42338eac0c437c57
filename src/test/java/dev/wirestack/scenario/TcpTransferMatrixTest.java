package dev.wirestack.scenario;

import dev.wirestack.report.BulkTransfer;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transfer matrix of issue 3: bulk transfers through every combination of four paths (from a 1 Gbit/s LAN to a
 * 100 Mbit/s path with a 200 ms round trip) and six impairments (0, 1, 5 and 10% loss; reordering with duplication;
 * corruption, reordering, duplication and loss together), {@value #SEEDS_PER_CELL} seeds per cell with seeded sizes
 * up to 256 KiB (216 transfers), plus three large transfers, one of them 64 MiB. Every transfer must:
 * <ul>
 *   <li>arrive byte-exact (SHA-256 of what the server application read);</li>
 *   <li>never stall: the receiving application gets new bytes in every window of {@value #STALL_RTOS} initial RTOs
 *       after the handshake, and the whole transfer ends within {@link #deadline a bound} computed from the link
 *       rate, the round trip and the loss (the PFTK throughput model of Padhye et al., SIGCOMM 1998, with a margin);
 *   <li>close cleanly on both sides: no error, the server's connection gone, the client's only one left in
 *       TIME_WAIT, and after 2 MSL none at all.</li>
 * </ul>
 * Virtual time only: the same seed gives the same run. On the current stack the slowest transfer needs about half
 * its deadline and the longest wait is about 15 initial RTOs (a retransmission lost three times in a row at 10% loss),
 * so both bounds keep a margin of two.
 */
class TcpTransferMatrixTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    static final int SEEDS_PER_CELL = 9;
    /** A window of this many initial RTOs without new bytes for the application counts as a stall. */
    static final int STALL_RTOS = 32;
    /** The factor between the PFTK model's transfer time and the deadline. */
    private static final int DEADLINE_MARGIN = 4;
    /** How long the close (FIN, ACK, FIN, ACK) may take after the last byte arrived, losses included. */
    private static final long CLOSE_DEADLINE = 30 * SECOND;
    private static final long STEP = 20 * MS;

    /** A path: a full-duplex link of a rate and a one-way delay; big enough buffers for its bandwidth-delay product. */
    record Path(String name, long bitsPerSecond, Duration oneWayDelay, int bufferBytes) {
        long rttNanos() {
            return 2 * oneWayDelay.toNanos();
        }

        LinkSpec link() {
            return LinkSpec.ideal().bandwidth(bitsPerSecond).delay(oneWayDelay);
        }

        TcpConfig config() {
            return TcpConfig.DEFAULT.withBuffers(bufferBytes, bufferBytes);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What the link does to frames, in both directions. */
    record Impairment(String name, double loss, double reorder, double duplicate, double corrupt) {
        LinkSpec applyTo(LinkSpec link, Path path) {
            // Reordering holds a frame back by a quarter of the round trip (at least 1 ms): enough to overtake it.
            Duration hold = Duration.ofNanos(Math.max(MS, path.rttNanos() / 4));
            return link.loss(loss).reorder(reorder, hold).duplicate(duplicate).corrupt(corrupt);
        }

        /** The probability that one frame does not arrive intact. */
        double frameLoss() {
            return 1 - (1 - loss) * (1 - corrupt);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Path> PATHS = List.of(
            new Path("lan-1G-0.1ms", 1_000_000_000L, Duration.ofNanos(50_000), 256 * KIB),
            new Path("metro-100M-10ms", 100_000_000L, Duration.ofMillis(5), 512 * KIB),
            new Path("wan-10M-40ms", 10_000_000L, Duration.ofMillis(20), 256 * KIB),
            new Path("lfn-100M-200ms", 100_000_000L, Duration.ofMillis(100), 4 * MIB));

    static final List<Impairment> IMPAIRMENTS = List.of(
            new Impairment("clean", 0, 0, 0, 0),
            new Impairment("loss-1%", 0.01, 0, 0, 0),
            new Impairment("loss-5%", 0.05, 0, 0, 0),
            new Impairment("loss-10%", 0.10, 0, 0, 0),
            new Impairment("reorder-10%+dup-5%", 0, 0.10, 0.05, 0),
            new Impairment("all:loss-2%+reorder-5%+dup-2%+corrupt-2%", 0.02, 0.05, 0.02, 0.02));

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (Path path : PATHS) {
            for (Impairment impairment : IMPAIRMENTS) {
                for (int i = 0; i < SEEDS_PER_CELL; i++) {
                    long seed = 1000L * cells.size() + 17;
                    // Seeded sizes from 1 byte to 256 KiB, most not a multiple of the MSS.
                    int size = 1 + new SplittableRandom(seed).nextInt(256 * KIB);
                    cells.add(Arguments.of(path, impairment, seed, size));
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}: {3} bytes")
    @MethodSource("matrix")
    void transfer_byteExact_noStall_closedCleanly(Path path, Impairment impairment, long seed, int size) {
        assertTransfer(path, impairment, seed, size);
    }

    @Test
    void sixtyFourMebibytes_100Mbits_200msRtt_noLoss() {
        assertTransfer(PATHS.get(3), IMPAIRMENTS.get(0), 64, 64 * MIB);
    }

    @Test
    void eightMebibytes_100Mbits_200msRtt_onePercentLoss() {
        assertTransfer(PATHS.get(3), IMPAIRMENTS.get(1), 8, 8 * MIB);
    }

    @Test
    void eightMebibytes_1Gbit_lan_everyImpairment() {
        assertTransfer(PATHS.get(0), IMPAIRMENTS.get(5), 16, 8 * MIB);
    }

    private static void assertTransfer(Path path, Impairment impairment, long seed, int size) {
        TcpLan lan = new TcpLan(seed, impairment.applyTo(path.link(), path));
        BulkTransfer transfer = new BulkTransfer(lan.client, lan.server, TcpLan.SERVER, 5001, size, seed,
                path.config(), lan.network::now);
        long deadline = deadline(path, impairment, size);
        runUntil(lan, () -> transfer.serverSawEnd(), deadline);

        assertThat(transfer.serverSawEnd()).as("all data read by the deadline %d ms: %s", deadline / MS, transfer)
                .isTrue();
        assertThat(transfer.receivedBytes()).isEqualTo(size);
        assertThat(transfer.receivedSha256()).isEqualTo(transfer.expectedSha256());
        assertThat(transfer.longestStallNanos()).as("longest wait for new bytes").isLessThanOrEqualTo(
                STALL_RTOS * initialRto(path));

        // Both sides closed cleanly; the client (the first to close) waits in TIME_WAIT, nothing else is left.
        runUntil(lan, () -> transfer.serverClosed() && transfer.client().state() == TcpState.TIME_WAIT,
                lan.network.now() + CLOSE_DEADLINE);
        assertThat(transfer.serverClosed()).as("server closed: %s", transfer).isTrue();
        assertThat(transfer.serverError()).isNull();
        assertThat(lan.server.tcpConnectionCount()).isZero();
        assertThat(transfer.client().state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(lan.client.tcpConnectionCount()).isOne();
        // A late duplicate of the server's FIN restarts TIME_WAIT (RFC 9293 3.10.7.4): allow a second for one.
        lan.network.runFor(TcpConfig.DEFAULT.timeWait().plusSeconds(1));
        assertThat(transfer.clientClosed()).isTrue();
        assertThat(transfer.clientError()).isNull();
        assertThat(lan.client.tcpConnectionCount()).isZero();
    }

    /** Runs the network in small steps until {@code done} or the virtual time {@code limit}. */
    private static void runUntil(TcpLan lan, BooleanSupplier done, long limit) {
        while (!done.getAsBoolean() && lan.network.now() < limit) {
            lan.network.runUntil(Math.min(limit, lan.network.now() + STEP));
        }
    }

    /**
     * The RTO a connection starts its data transfer with, in the worst case: RFC 6298's first sample gives
     * {@code RTO = R + 4 * R/2 = 3 R}, floored at the 200 ms minimum.
     */
    private static long initialRto(Path path) {
        return Math.max(TcpConfig.DEFAULT.minRto().toNanos(), 3 * path.rttNanos());
    }

    /**
     * When the transfer must have completed: the handshake (up to 3 SYN tries, 7 s), then {@value #DEADLINE_MARGIN}
     * times the time the PFTK model gives for {@code size} bytes at the path's rate, limited by the window and by
     * the loss: {@code B = MSS / (RTT sqrt(2bp/3) + T0 min(1, 3 sqrt(3bp/8)) p (1 + 32 p^2))} with b = 2 (delayed
     * ACKs) and T0 the initial RTO.
     */
    static long deadline(Path path, Impairment impairment, int size) {
        double rtt = path.rttNanos() / 1e9;
        double mss = 1448; // 1460 less the timestamp option
        double rate = Math.min(path.bitsPerSecond() / 8.0 * mss / 1514, path.bufferBytes() / rtt);
        double p = impairment.frameLoss();
        if (p > 0) {
            double t0 = initialRto(path) / 1e9;
            double b = 2;
            double pftk = mss / (rtt * Math.sqrt(2 * b * p / 3)
                    + t0 * Math.min(1, 3 * Math.sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p));
            rate = Math.min(rate, pftk);
        }
        double seconds = 7 + DEADLINE_MARGIN * (size / rate + 4 * rtt);
        return (long) (seconds * SECOND);
    }
}
