package dev.wirestack.sim;

import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Captures the frames seen at one port of one node, both directions, as a packet capture on that interface would:
 * frames the node sent (at the time they left) and frames that reached it intact (at the time they arrived). Frames
 * lost or corrupted on the way in never appear, just as a NIC drops them before capture.
 *
 * <p>The sink's signature matches a pcap writer's {@code write(long timeNanos, byte[] frame)}, so
 * {@code FrameCapture.of("h1", 0, pcap::write)} writes one interface's pcap.
 */
public final class FrameCapture {

    /** Receives each captured frame (a private copy, without FCS). */
    @FunctionalInterface
    public interface Sink {
        void frame(long timeNanos, byte[] frame);
    }

    /** A frame captured at a time; equal when time and bytes are equal. */
    public record Frame(long timeNanos, byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Frame frame && frame.timeNanos == timeNanos && Arrays.equals(frame.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(timeNanos) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return timeNanos + " ns " + HexFormat.of().formatHex(bytes);
        }
    }

    private FrameCapture() {
    }

    /** A tracer that passes the frames of {@code node}'s {@code port} to {@code sink}, ignoring everything else. */
    public static Tracer of(String node, int port, Sink sink) {
        return event -> {
            switch (event) {
                case TraceEvent.FrameSent sent when sent.port() == port && sent.node().equals(node) ->
                        sink.frame(sent.timeNanos(), sent.frame().clone());
                case TraceEvent.FrameReceived received when received.port() == port && received.node().equals(node) ->
                        sink.frame(received.timeNanos(), received.frame().clone());
                default -> {
                }
            }
        };
    }

    /** A tracer that appends the frames of {@code node}'s {@code port} to {@code frames}. */
    public static Tracer into(String node, int port, List<Frame> frames) {
        return of(node, port, (time, bytes) -> frames.add(new Frame(time, bytes)));
    }
}
