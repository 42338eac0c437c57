package dev.wirestack.bench;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import java.time.Duration;

/**
 * One TCP connection between two Wirestack hosts, one bulk transfer: the client writes {@code bytes} as fast as its
 * send buffer takes them, the server reads and discards them. Every byte is segmented, checksummed, framed, parsed,
 * reassembled and acknowledged by the stacks; the link costs what its driver costs. A measurement, never a test
 * assertion; {@code wirestack bench tcp} reports it.
 */
public final class TcpBulkBenchmark {
    private static final int PORT = 5001;
    /** Buffers that never limit a transfer in memory: a 4 MiB window (scaled, RFC 7323) each way. */
    private static final int BUFFER_BYTES = 4 << 20;
    private static final int CHUNK = 1 << 20;
    /** Virtual time a run may take before it counts as stalled: a transfer over 1 Gbit/s needs 8 s per GB. */
    private static final long VIRTUAL_LIMIT = Duration.ofHours(1).toNanos();

    /**
     * The outcome of one transfer: bytes the server read, frames that reached it (data segments, bar the handshake
     * and closing few), the time it took, and the virtual time it spanned.
     */
    public record Result(long bytes, long segmentsToServer, Stopwatch.Elapsed elapsed, long virtualNanos) {
        /** Payload Gbit/s per wall-clock second. */
        public double gbps() {
            return elapsed.wallNanos() == 0 ? 0 : bytes * 8.0 / elapsed.wallNanos();
        }

        /** Payload Gbit/s per second of CPU time. */
        public double gbpsPerCpu() {
            return elapsed.cpuNanos() <= 0 ? 0 : bytes * 8.0 / elapsed.cpuNanos();
        }

        public double wallSeconds() {
            return elapsed.wallNanos() / 1e9;
        }

        public long segmentsPerSecond() {
            return elapsed.perWallSecond(segmentsToServer);
        }

        public long segmentsPerCpuSecond() {
            return elapsed.perCpuSecond(segmentsToServer);
        }
    }

    private TcpBulkBenchmark() {
    }

    /** Moves {@code bytes} over an MTU-{@code mtu} link in memory, with no delay and nothing lost. */
    public static Result inMemory(TcpPair.Driver driver, int mtu, long bytes) {
        return run(new TcpPair(driver, mtu, LinkSpec.ideal()), bytes, BUFFER_BYTES);
    }

    /**
     * Moves {@code bytes} through the simulator over a 1500-byte-MTU link of the given spec, with buffers sized for
     * that link as Linux's autotuning sizes them ({@link #pathBufferBytes}): enough to keep the link busy, without a
     * standing queue of thousands of frames on it.
     */
    public static Result simulated(LinkSpec spec, long bytes) {
        return run(new TcpPair(TcpPair.Driver.SIM, 1500, spec), bytes, pathBufferBytes(spec));
    }

    /**
     * Twice the bandwidth-delay product of a round trip over {@code spec}, as Linux's receive buffer autotuning
     * (tcp_rcv_space_adjust) aims for, rounded up to a power of two, from 64 KiB up to the in-memory 4 MiB: 512 KiB
     * for 1 Gbit/s and 1 ms each way.
     */
    static int pathBufferBytes(LinkSpec spec) {
        double roundTripSeconds = 2 * spec.delayNanos() / 1e9;
        long twiceBdp = (long) Math.ceil(2 * spec.bitsPerSecond() / 8.0 * roundTripSeconds);
        long buffer = Long.highestOneBit(Math.max(1, twiceBdp - 1)) << 1;
        return (int) Math.clamp(buffer, 64 << 10, BUFFER_BYTES);
    }

    /** Prints a few rounds of each (the first ones warm the JIT up): args driver, mtu, megabytes. */
    public static void main(String[] args) {
        TcpPair.Driver driver = TcpPair.Driver.valueOf(args.length > 0 ? args[0] : "DIRECT");
        int mtu = args.length > 1 ? Integer.parseInt(args[1]) : 1500;
        long bytes = (args.length > 2 ? Long.parseLong(args[2]) : 1000) << 20;
        for (int round = 1; round <= 5; round++) {
            Result r = inMemory(driver, mtu, bytes);
            System.out.printf("round %d: %s MTU %d: %.2f Gbit/s (%.2f per CPU s), %,d segments/s, %,d segments%n",
                    round, driver, mtu, r.gbps(), r.gbpsPerCpu(), r.segmentsPerSecond(), r.segmentsToServer());
        }
    }

    private static Result run(TcpPair pair, long bytes, int bufferBytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("at least one byte to transfer");
        }
        TcpConfig config = TcpConfig.DEFAULT.withBuffers(bufferBytes, bufferBytes);
        Transfer transfer = new Transfer(bytes);
        pair.server.tcpListen(Ipv4Address.ANY, PORT, 1, 1, config).onAccept(s -> s.onReadable(transfer::read));
        TcpSocket client = pair.client.tcpConnect(TcpPair.SERVER, PORT, config);
        client.onConnected(transfer::write).onWritable(transfer::write);
        long virtualStart = pair.now();
        Stopwatch stopwatch = new Stopwatch();
        pair.runUntil(() -> transfer.read >= bytes, VIRTUAL_LIMIT);
        Stopwatch.Elapsed elapsed = stopwatch.stop();
        return new Result(transfer.read, pair.framesToServer(), elapsed, pair.now() - virtualStart);
    }

    /** The two applications: the client writes while the send buffer takes bytes, the server reads all there is. */
    private static final class Transfer {
        private final byte[] chunk = new byte[CHUNK];
        private final byte[] sink = new byte[CHUNK];
        private final long bytes;
        private long written;
        private long read;

        Transfer(long bytes) {
            this.bytes = bytes;
        }

        void write(TcpSocket socket) {
            while (written < bytes) {
                int n = socket.write(chunk, 0, (int) Math.min(CHUNK, bytes - written));
                if (n == 0) {
                    return;
                }
                written += n;
            }
        }

        void read(TcpSocket socket) {
            int n;
            while ((n = socket.read(sink)) > 0) {
                read += n;
            }
        }
    }
}
