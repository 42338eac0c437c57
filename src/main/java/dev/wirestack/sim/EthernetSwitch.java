package dev.wirestack.sim;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * A transparent learning bridge (IEEE 802.1D clause 7/8, without spanning tree): it learns which port each source
 * address is behind, forwards frames for known unicast addresses to that port only, and floods broadcast, multicast
 * and unknown destinations to every port but the one the frame came in on. Entries age out after
 * {@link #DEFAULT_AGING} (802.1D's recommended ageing time) unless refreshed.
 */
public final class EthernetSwitch implements NetworkNode {
    /** IEEE 802.1D table 7-5: the recommended ageing time. */
    public static final Duration DEFAULT_AGING = Duration.ofSeconds(300);
    public static final int DEFAULT_TABLE_CAPACITY = 8192;

    private static final int HEADER_LENGTH = 14;

    private final String name;
    private final int portCount;
    private final long agingNanos;
    private final MacTable table;
    private final Tracer tracer;
    private final ArrayDeque<Transmission> outbox = new ArrayDeque<>();
    private long nextSweep = Long.MAX_VALUE;

    private long framesForwarded;
    private long framesFlooded;
    private long framesFiltered;
    private long framesTruncated;

    public EthernetSwitch(String name, int ports, Tracer tracer) {
        this(name, ports, DEFAULT_AGING, DEFAULT_TABLE_CAPACITY, tracer);
    }

    public EthernetSwitch(String name, int ports, Duration aging, int tableCapacity, Tracer tracer) {
        if (ports < 1) {
            throw new IllegalArgumentException("a switch needs at least one port: " + ports);
        }
        if (aging.isNegative() || aging.isZero()) {
            throw new IllegalArgumentException("the ageing time must be positive: " + aging);
        }
        this.name = name;
        this.portCount = ports;
        this.agingNanos = aging.toNanos();
        this.table = new MacTable(tableCapacity);
        this.tracer = tracer;
    }

    @Override
    public void receiveFrame(long nowNanos, int port, byte[] frame) {
        if (port < 0 || port >= portCount) {
            return;
        }
        if (frame.length < HEADER_LENGTH) {
            framesTruncated++;
            if (tracer != Tracer.NONE) {
                tracer.emit(new TraceEvent.Dropped(nowNanos, name, port, Layer.ETHERNET, DropReason.TRUNCATED,
                        "frame of " + frame.length + " bytes, shorter than an Ethernet header"));
            }
            return;
        }
        // Addresses as plain 48-bit numbers: a switch looks at every frame and needs no MacAddress objects for that.
        learn(nowNanos, MacAddress.bitsAt(frame, 6), port);
        long destination = MacAddress.bitsAt(frame, 0);
        int outPort = MacAddress.isMulticast(destination) ? -1 : table.portOf(destination, nowNanos, agingNanos);
        if (outPort < 0) {
            flood(port, frame);
        } else if (outPort == port) {
            // The destination is on the segment the frame came from: it has already seen it (802.1D 8.7.1).
            framesFiltered++;
        } else {
            framesForwarded++;
            outbox.add(new Transmission(outPort, frame));
        }
    }

    @Override
    public Transmission pollTransmit(long nowNanos) {
        return outbox.poll();
    }

    @Override
    public long nextDeadline() {
        return nextSweep;
    }

    /** Forgets aged entries, so the table reads right at any time, not only when an address is looked up. */
    @Override
    public void onTimeout(long nowNanos) {
        if (nowNanos >= nextSweep) {
            long oldest = table.removeExpired(nowNanos, agingNanos);
            nextSweep = oldest == Long.MAX_VALUE ? Long.MAX_VALUE : oldest + agingNanos;
        }
    }

    public String name() {
        return name;
    }

    public int portCount() {
        return portCount;
    }

    /** The learned addresses and their ports, ordered by address: a copy for tests and reports. */
    public Map<MacAddress, Integer> macTable() {
        return table.snapshot();
    }

    /** Known unicast frames sent out of exactly one port. */
    public long framesForwarded() {
        return framesForwarded;
    }

    /** Broadcast, multicast and unknown-destination frames sent out of every other port. */
    public long framesFlooded() {
        return framesFlooded;
    }

    /** Frames whose destination is behind the port they came in on, so not sent anywhere. */
    public long framesFiltered() {
        return framesFiltered;
    }

    public long framesTruncated() {
        return framesTruncated;
    }

    private void learn(long now, long source, int port) {
        // A group address is never a sender (802.1D 7.8): learning it would misdirect frames.
        if (MacAddress.isMulticast(source)) {
            return;
        }
        MacTable.Learned learned = table.learn(source, port, now);
        if (learned == MacTable.Learned.NEW && nextSweep == Long.MAX_VALUE) {
            nextSweep = now + agingNanos;
        }
        if ((learned == MacTable.Learned.NEW || learned == MacTable.Learned.MOVED) && tracer != Tracer.NONE) {
            tracer.emit(new TraceEvent.MacLearned(now, name, port, new MacAddress(source)));
        }
    }

    private void flood(int inPort, byte[] frame) {
        framesFlooded++;
        // Each receiver owns the array it gets, so every port but the last gets its own copy.
        int lastPort = inPort == portCount - 1 ? portCount - 2 : portCount - 1;
        for (int port = 0; port < portCount; port++) {
            if (port != inPort) {
                outbox.add(new Transmission(port, port == lastPort ? frame : frame.clone()));
            }
        }
    }

    @Override
    public String toString() {
        return "EthernetSwitch " + name + " (" + portCount + " ports, " + table.size() + " addresses learned)";
    }
}
