package dev.wirestack.wire;

/**
 * One frame of a pcap file.
 *
 * @param timeNanos      when it was captured, in nanoseconds since the epoch of the file
 * @param frame          the captured bytes (fewer than {@code originalLength} when the capture cut the frame)
 * @param originalLength how long the frame was on the wire
 */
public record PcapRecord(long timeNanos, byte[] frame, int originalLength) {
}
