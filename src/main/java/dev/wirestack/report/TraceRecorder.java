package dev.wirestack.report;

import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Keeps the trace events of a run for the exporters, within a fixed budget. Frames are kept as tcpdump keeps them
 * with a snap length: the first {@link #SNAP_LENGTH} bytes, enough for the Ethernet, IPv4 and TCP headers with all
 * their options, so that a bulk transfer of megabytes costs a few hundred bytes per frame. Frame events may be kept
 * for some nodes only (the hosts whose lanes are drawn); every other event is kept for every node. Once
 * {@code maxEvents} are held, later events are counted but not kept.
 */
public final class TraceRecorder implements Tracer {
    /** Ethernet header (14) + the longest IPv4 header (60) + the longest TCP header (60). */
    public static final int SNAP_LENGTH = 14 + 60 + 60;

    private final int maxEvents;
    private final Set<String> frameNodes;
    private final List<TraceEvent> events = new ArrayList<>();
    private long overflow;

    /** Records up to {@code maxEvents} events, frames of every node. */
    public TraceRecorder(int maxEvents) {
        this(maxEvents, null);
    }

    /** Records up to {@code maxEvents} events, frames only of the nodes in {@code frameNodes} (null: of all). */
    public TraceRecorder(int maxEvents, Set<String> frameNodes) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1: " + maxEvents);
        }
        this.maxEvents = maxEvents;
        this.frameNodes = frameNodes == null ? null : Set.copyOf(frameNodes);
    }

    @Override
    public void emit(TraceEvent event) {
        TraceEvent kept = switch (event) {
            case TraceEvent.FrameSent sent -> wanted(sent.node())
                    ? new TraceEvent.FrameSent(sent.timeNanos(), sent.node(), sent.port(), snap(sent.frame())) : null;
            case TraceEvent.FrameReceived received -> wanted(received.node())
                    ? new TraceEvent.FrameReceived(received.timeNanos(), received.node(), received.port(),
                    snap(received.frame())) : null;
            default -> event;
        };
        if (kept == null) {
            return;
        }
        if (events.size() >= maxEvents) {
            overflow++;
            return;
        }
        events.add(kept);
    }

    private boolean wanted(String node) {
        return frameNodes == null || frameNodes.contains(node);
    }

    /** A private copy of the frame's first bytes: the sender may reuse its array. */
    private static byte[] snap(byte[] frame) {
        return Arrays.copyOf(frame, Math.min(frame.length, SNAP_LENGTH));
    }

    /** The events kept, in the order they happened. */
    public List<TraceEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** Events that came after the budget was spent and were not kept. */
    public long overflow() {
        return overflow;
    }
}
