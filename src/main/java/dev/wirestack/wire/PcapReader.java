package dev.wirestack.wire;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a classic pcap file of Ethernet frames: microsecond or nanosecond timestamps, either byte order.
 * A malformed file is a MalformedPacketException with Layer.PCAP whose offset is the byte in the file. No record
 * may claim more than 262144 bytes, so a hostile file cannot make the reader allocate without bound.
 */
public final class PcapReader implements Closeable {
    /** The largest record accepted, whatever the file header's snaplen says (libpcap's own maximum). */
    public static final int MAX_RECORD_LENGTH = PcapFormat.SNAPLEN;

    private final InputStream in;
    private final ValueLayout.OfInt intLayout;
    private final ValueLayout.OfShort shortLayout;
    private final long fractionsPerSecond;
    private final int snapLength;
    private final byte[] recordHeader = new byte[PcapFormat.RECORD_HEADER_LENGTH];
    private final MemorySegment recordHeaderView = MemorySegment.ofArray(recordHeader);
    private long position;

    /** Reads the file header from {@code in}, which this reader then owns (and closes). */
    public PcapReader(InputStream in) throws IOException, MalformedPacketException {
        this.in = in;
        byte[] header = new byte[PcapFormat.FILE_HEADER_LENGTH];
        readFully(header, "fileHeader");
        MemorySegment view = MemorySegment.ofArray(header);
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        int magic = view.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), 0);
        if (magic != PcapFormat.MAGIC_MICROSECONDS && magic != PcapFormat.MAGIC_NANOSECONDS) {
            order = ByteOrder.BIG_ENDIAN;
            magic = Integer.reverseBytes(magic);
        }
        if (magic != PcapFormat.MAGIC_MICROSECONDS && magic != PcapFormat.MAGIC_NANOSECONDS) {
            throw Checks.malformed(Layer.PCAP, "magic", 0, ProblemKind.UNSUPPORTED,
                    Integer.toUnsignedLong(PcapFormat.MAGIC_NANOSECONDS), Integer.toUnsignedLong(magic));
        }
        intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        shortLayout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        fractionsPerSecond = magic == PcapFormat.MAGIC_NANOSECONDS ? PcapFormat.NANOS_PER_SECOND : 1_000_000L;
        int major = view.get(shortLayout, 4) & 0xffff;
        if (major != PcapFormat.VERSION_MAJOR) {
            throw Checks.malformed(Layer.PCAP, "versionMajor", 4, ProblemKind.BAD_VERSION, PcapFormat.VERSION_MAJOR,
                    major);
        }
        snapLength = view.get(intLayout, 16);
        // The link type is the low 16 bits; the upper ones hold FCS information (draft-ietf-opsawg-pcap section 4).
        int linkType = view.get(intLayout, 20) & 0xffff;
        if (linkType != PcapFormat.LINKTYPE_ETHERNET) {
            throw Checks.malformed(Layer.PCAP, "linkType", 20, ProblemKind.UNSUPPORTED, PcapFormat.LINKTYPE_ETHERNET,
                    linkType);
        }
    }

    /** The snaplen the file header states (informative: records are bounded by {@link #MAX_RECORD_LENGTH}). */
    public long snapLength() {
        return Integer.toUnsignedLong(snapLength);
    }

    public boolean hasNanosecondTimestamps() {
        return fractionsPerSecond == PcapFormat.NANOS_PER_SECOND;
    }

    /** The next record, or null at the end of the file. */
    public PcapRecord next() throws IOException, MalformedPacketException {
        long recordStart = position;
        int first = in.read();
        if (first < 0) {
            return null;
        }
        recordHeader[0] = (byte) first;
        position++;
        readFully(recordHeader, 1, recordHeader.length - 1, "recordHeader", recordStart);
        long seconds = Integer.toUnsignedLong(recordHeaderView.get(intLayout, 0));
        long fraction = Integer.toUnsignedLong(recordHeaderView.get(intLayout, 4));
        long capturedLength = Integer.toUnsignedLong(recordHeaderView.get(intLayout, 8));
        long originalLength = Integer.toUnsignedLong(recordHeaderView.get(intLayout, 12));
        if (fraction >= fractionsPerSecond) {
            throw Checks.malformed(Layer.PCAP, "timestampFraction", offset(recordStart + 4), ProblemKind.BAD_VALUE,
                    fractionsPerSecond - 1, fraction);
        }
        if (capturedLength > MAX_RECORD_LENGTH) {
            throw Checks.malformed(Layer.PCAP, "capturedLength", offset(recordStart + 8), ProblemKind.BAD_LENGTH,
                    MAX_RECORD_LENGTH, capturedLength);
        }
        if (originalLength < capturedLength || originalLength > Integer.MAX_VALUE) {
            throw Checks.malformed(Layer.PCAP, "originalLength", offset(recordStart + 12), ProblemKind.BAD_LENGTH,
                    capturedLength, originalLength);
        }
        byte[] frame = new byte[(int) capturedLength];
        readFully(frame, 0, frame.length, "frame", recordStart + PcapFormat.RECORD_HEADER_LENGTH);
        long timeNanos = seconds * PcapFormat.NANOS_PER_SECOND
                + fraction * (PcapFormat.NANOS_PER_SECOND / fractionsPerSecond);
        return new PcapRecord(timeNanos, frame, (int) originalLength);
    }

    /** Every remaining record. */
    public List<PcapRecord> readAll() throws IOException, MalformedPacketException {
        List<PcapRecord> records = new ArrayList<>();
        for (PcapRecord record = next(); record != null; record = next()) {
            records.add(record);
        }
        return records;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void readFully(byte[] buffer, String field) throws IOException, MalformedPacketException {
        readFully(buffer, 0, buffer.length, field, position);
    }

    private void readFully(byte[] buffer, int offset, int length, String field, long fieldStart)
            throws IOException, MalformedPacketException {
        int read = in.readNBytes(buffer, offset, length);
        position += read;
        if (read < length) {
            throw new MalformedPacketException(Problem.truncated(Layer.PCAP, field, offset(fieldStart),
                    offset + length, offset + read));
        }
    }

    private static int offset(long position) {
        return (int) Math.min(position, Integer.MAX_VALUE);
    }
}
