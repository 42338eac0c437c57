package dev.wirestack.stack;

import dev.wirestack.trace.DropReason;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A host's counters, for tests and reports: frames in and out per interface, drops by reason, protocol counters, and
 * the reassembly memory held right now. Read-only for everyone but the host.
 */
public final class Stats {
    private final long[] framesIn;
    private final long[] framesOut;
    private final long[] drops = new long[DropReason.values().length];
    private final long[] counters = new long[Counter.values().length];
    private final IntSupplier reassemblyBytesHeld;

    Stats(int interfaces, IntSupplier reassemblyBytesHeld) {
        this.framesIn = new long[interfaces];
        this.framesOut = new long[interfaces];
        this.reassemblyBytesHeld = reassemblyBytesHeld;
    }

    public long framesIn(int port) {
        return framesIn[port];
    }

    public long framesOut(int port) {
        return framesOut[port];
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    public long totalDrops() {
        long total = 0;
        for (long count : drops) {
            total += count;
        }
        return total;
    }

    public long get(Counter counter) {
        return counters[counter.ordinal()];
    }

    /** Payload bytes of incomplete datagrams held by reassembly now (bounded by the configured cap). */
    public int reassemblyBytesHeld() {
        return reassemblyBytesHeld.getAsInt();
    }

    /** Every non-zero count by name ("frames_in.0", "drop.NO_ROUTE", "IP_SENT", ...), in a stable order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> all = new LinkedHashMap<>();
        for (int port = 0; port < framesIn.length; port++) {
            all.put("frames_in." + port, framesIn[port]);
            all.put("frames_out." + port, framesOut[port]);
        }
        for (Counter counter : Counter.values()) {
            putIfNonZero(all, counter.name(), counters[counter.ordinal()]);
        }
        for (DropReason reason : DropReason.values()) {
            putIfNonZero(all, "drop." + reason.name(), drops[reason.ordinal()]);
        }
        all.put("reassembly_bytes_held", (long) reassemblyBytesHeld());
        return all;
    }

    private static void putIfNonZero(Map<String, Long> all, String name, long value) {
        if (value != 0) {
            all.put(name, value);
        }
    }

    void frameIn(int port) {
        framesIn[port]++;
    }

    void frameOut(int port) {
        framesOut[port]++;
    }

    void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    void count(Counter counter) {
        counters[counter.ordinal()]++;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
