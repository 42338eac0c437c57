package dev.wirestack.wire;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Writes Ethernet frames as a classic pcap file with nanosecond timestamps (magic 0xa1b23c4d), little-endian,
 * snaplen 262144: what Wireshark and tshark read. Frames longer than the snaplen are cut, keeping their original
 * length in the record.
 */
public final class PcapWriter implements Closeable, Flushable {
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final OutputStream out;
    private final byte[] recordHeader = new byte[PcapFormat.RECORD_HEADER_LENGTH];
    private final MemorySegment recordHeaderView = MemorySegment.ofArray(recordHeader);

    /** Writes the file header to {@code out}, which this writer then owns (and closes). */
    public PcapWriter(OutputStream out) throws IOException {
        this.out = out;
        byte[] header = new byte[PcapFormat.FILE_HEADER_LENGTH];
        MemorySegment view = MemorySegment.ofArray(header);
        view.set(LE_INT, 0, PcapFormat.MAGIC_NANOSECONDS);
        view.set(LE_SHORT, 4, (short) PcapFormat.VERSION_MAJOR);
        view.set(LE_SHORT, 6, (short) PcapFormat.VERSION_MINOR);
        // thiszone (8) and sigfigs (12) stay 0: timestamps are UTC, or virtual time from an arbitrary epoch.
        view.set(LE_INT, 16, PcapFormat.SNAPLEN);
        view.set(LE_INT, 20, PcapFormat.LINKTYPE_ETHERNET);
        out.write(header);
    }

    /** Appends one frame (without FCS) seen at {@code timeNanos} (nanoseconds since the epoch, not negative). */
    public void write(long timeNanos, byte[] frame) throws IOException {
        write(timeNanos, frame, 0, frame.length);
    }

    /** Appends {@code length} bytes of {@code frame} from {@code offset} as one frame. */
    public void write(long timeNanos, byte[] frame, int offset, int length) throws IOException {
        if (timeNanos < 0) {
            throw new IllegalArgumentException("a pcap timestamp is not negative: " + timeNanos);
        }
        long seconds = timeNanos / PcapFormat.NANOS_PER_SECOND;
        if (seconds > 0xffff_ffffL) {
            throw new IllegalArgumentException("a pcap timestamp has 32 bits of seconds: " + timeNanos);
        }
        int captured = Math.min(length, PcapFormat.SNAPLEN);
        recordHeaderView.set(LE_INT, 0, (int) seconds);
        recordHeaderView.set(LE_INT, 4, (int) (timeNanos % PcapFormat.NANOS_PER_SECOND));
        recordHeaderView.set(LE_INT, 8, captured);
        recordHeaderView.set(LE_INT, 12, length);
        out.write(recordHeader);
        out.write(frame, offset, captured);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
