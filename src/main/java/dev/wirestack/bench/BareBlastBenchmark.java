package dev.wirestack.bench;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.Checksum;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * How fast the simulator moves frames: a node blasts UDP datagrams through a learning switch to another node over
 * 1 Gbit/s links, paced at line rate, and the wall-clock time of the run is measured. A measurement, never a test
 * assertion; {@code wirestack bench sim} reports it.
 */
public final class BareBlastBenchmark {
    private static final MacAddress BLASTER_MAC = MacAddress.local(1);
    private static final MacAddress SINK_MAC = MacAddress.local(2);
    private static final int HEADERS = 14 + 20 + 8;

    /** The outcome of one blast. */
    public record Result(long framesSent, long framesDelivered, Stopwatch.Elapsed elapsed, long virtualNanos) {
        // virtualNanos: when the last frame arrived, on the simulated clock.
        /** Frames delivered per second of wall-clock time. */
        public long framesPerSecond() {
            return elapsed.perWallSecond(framesDelivered);
        }

        /** Frames delivered per second of CPU time. */
        public long framesPerCpuSecond() {
            return elapsed.perCpuSecond(framesDelivered);
        }
    }

    private BareBlastBenchmark() {
    }

    /** Blasts {@code frames} UDP datagrams of {@code payloadBytes} each and returns frames delivered per second. */
    public static long udpBlastFramesPerSecond(int frames, int payloadBytes) {
        return udpBlast(frames, payloadBytes).framesPerSecond();
    }

    public static Result udpBlast(int frames, int payloadBytes) {
        if (frames < 0 || payloadBytes < 0 || payloadBytes > 1472) {
            throw new IllegalArgumentException("frames >= 0 and a payload of 0 to 1472 bytes, please");
        }
        LinkSpec gigabit = LinkSpec.ethernet1G().delay(Duration.ofNanos(10_000));
        byte[] template = udpFrame(payloadBytes);
        var net = new SimNetwork(1);
        var blaster = net.add("blaster", new Blaster(template, frames, gigabit.serialisationNanos(template.length)));
        var sink = net.add("sink", new Sink());
        var sw = net.addSwitch("sw", 2);
        net.link(blaster, 0, sw, 0, gigabit);
        net.link(sink, 0, sw, 1, gigabit);
        Stopwatch stopwatch = new Stopwatch();
        net.run();
        return new Result(blaster.sent, sink.received, stopwatch.stop(), sink.lastArrival);
    }

    /** Prints frames per second for a few rounds (the first ones warm the JIT up). */
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 18;
        for (int round = 1; round <= 5; round++) {
            Result result = udpBlast(frames, payload);
            System.out.printf("round %d: %,d frames delivered in %.3f s wall (%.3f s virtual): %,d frames/s%n", round,
                    result.framesDelivered(), result.elapsed().wallNanos() / 1e9, result.virtualNanos() / 1e9,
                    result.framesPerSecond());
        }
    }

    /** An Ethernet II / IPv4 / UDP frame from the blaster (10.77.0.1:9) to the sink (10.77.0.2:9). */
    private static byte[] udpFrame(int payloadBytes) {
        byte[] frame = new byte[HEADERS + payloadBytes];
        MemorySegment s = MemorySegment.ofArray(frame);
        SINK_MAC.write(s, 0);
        BLASTER_MAC.write(s, 6);
        Bytes.putU16(s, 12, 0x0800);
        Bytes.putU8(s, 14, 0x45);
        Bytes.putU16(s, 16, 20 + 8 + payloadBytes);
        Bytes.putU8(s, 22, 64);
        Bytes.putU8(s, 23, 17);
        Bytes.putI32(s, 26, Ipv4Address.of(10, 77, 0, 1).bits());
        Bytes.putI32(s, 30, Ipv4Address.of(10, 77, 0, 2).bits());
        Bytes.putU16(s, 24, Checksum.compute(s, 14, 20));
        Bytes.putU16(s, 34, 9);
        Bytes.putU16(s, 36, 9);
        // UDP checksum 0: not computed, which RFC 768 allows over IPv4.
        Bytes.putU16(s, 38, 8 + payloadBytes);
        return frame;
    }

    /** Sends one copy of the template every {@code intervalNanos}, starting at 1 ms. */
    private static final class Blaster implements NetworkNode {
        private final byte[] template;
        private final int frames;
        private final long intervalNanos;
        private long nextSend = 1_000_000;
        private boolean due;
        private int sent;

        Blaster(byte[] template, int frames, long intervalNanos) {
            this.template = template;
            this.frames = frames;
            this.intervalNanos = Math.max(1, intervalNanos);
        }

        @Override
        public void receiveFrame(long nowNanos, int port, byte[] frame) {
            // The blaster only sends.
        }

        @Override
        public Transmission pollTransmit(long nowNanos) {
            if (!due) {
                return null;
            }
            due = false;
            sent++;
            nextSend = nowNanos + intervalNanos;
            return new Transmission(0, template.clone());
        }

        @Override
        public long nextDeadline() {
            return sent < frames ? nextSend : Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
            due = sent < frames && nowNanos >= nextSend;
        }
    }

    /** Counts what arrives; announces itself once so the switch learns where it is and stops flooding. */
    private static final class Sink implements NetworkNode {
        private boolean announced;
        private long received;
        private long lastArrival;

        @Override
        public void receiveFrame(long nowNanos, int port, byte[] frame) {
            received++;
            lastArrival = nowNanos;
        }

        @Override
        public Transmission pollTransmit(long nowNanos) {
            if (announced) {
                return null;
            }
            announced = true;
            byte[] hello = new byte[60];
            MemorySegment s = MemorySegment.ofArray(hello);
            MacAddress.BROADCAST.write(s, 0);
            SINK_MAC.write(s, 6);
            Bytes.putU16(s, 12, 0x88b5); // IEEE 802 local experimental EtherType
            return new Transmission(0, hello);
        }

        @Override
        public long nextDeadline() {
            return Long.MAX_VALUE;
        }

        @Override
        public void onTimeout(long nowNanos) {
            // No timers.
        }
    }
}
