package dev.wirestack.bench;

import dev.wirestack.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The RFC 1071 checksum against a plain byte-at-a-time loop, over a small, an MTU-sized and a 64 KiB buffer.
 * Throughput in GB/s = size / (ns per op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChecksumBenchmark {

    @Param({"64", "1500", "65536"})
    int size;

    byte[] bytes;
    MemorySegment segment;

    @Setup
    public void fill() {
        bytes = new byte[size];
        new SplittableRandom(1).nextBytes(bytes);
        segment = MemorySegment.ofArray(bytes);
    }

    @Benchmark
    public int wirestack() {
        return Checksum.compute(segment, 0, size);
    }

    /** The baseline: sixteen bits at a time from a byte array, as textbooks write it. */
    @Benchmark
    public int byteAtATime() {
        long sum = 0;
        byte[] data = bytes;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
        }
        if ((data.length & 1) != 0) {
            sum += (data[data.length - 1] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
