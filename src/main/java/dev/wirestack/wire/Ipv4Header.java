package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An IPv4 header (RFC 791 section 3.1), by meaning: flags as booleans, the fragment offset in bytes. Options are
 * not interpreted: {@code headerLength} says how much room they take, and emit writes that room as zeros
 * (End of Option List).
 *
 * @param tos            the type-of-service octet (DSCP and ECN, RFC 2474 and 3168), 0..255
 * @param totalLength    header and payload, 0..65535, at least {@code headerLength}
 * @param fragmentOffset where this fragment's payload goes in the datagram, in bytes: a multiple of 8, 0..65528
 * @param headerLength   20..60, a multiple of 4
 */
public record Ipv4Header(int tos, int totalLength, int identification, boolean dontFragment, boolean moreFragments,
                         int fragmentOffset, int ttl, int protocol, Ipv4Address source, Ipv4Address destination,
                         int headerLength) {
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;
    /** The largest datagram: the 16-bit total length (RFC 791 section 3.1). */
    public static final int MAX_TOTAL_LENGTH = 0xffff;
    public static final int VERSION = 4;
    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int DEFAULT_TTL = 64;

    private static final int VERSION_IHL = 0;
    private static final int TOS = 1;
    private static final int TOTAL_LENGTH = 2;
    private static final int IDENTIFICATION = 4;
    private static final int FLAGS_FRAGMENT = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    private static final int CHECKSUM = 10;
    private static final int SOURCE = 12;
    private static final int DESTINATION = 16;

    private static final int FLAG_RESERVED = 0x8000;
    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int OFFSET_MASK = 0x1fff;

    public Ipv4Header {
        Checks.inRange("tos", tos, 0, 0xff);
        Checks.inRange("headerLength", headerLength, MIN_HEADER_LENGTH, MAX_HEADER_LENGTH);
        if (headerLength % 4 != 0) {
            throw new IllegalArgumentException("headerLength is a multiple of 4 bytes, not " + headerLength);
        }
        Checks.inRange("totalLength", totalLength, headerLength, MAX_TOTAL_LENGTH);
        Checks.inRange("identification", identification, 0, 0xffff);
        Checks.inRange("fragmentOffset", fragmentOffset, 0, OFFSET_MASK * 8);
        if (fragmentOffset % 8 != 0) {
            throw new IllegalArgumentException("fragmentOffset counts 8-byte units, so " + fragmentOffset
                    + " is not a multiple of 8");
        }
        if (fragmentOffset + totalLength - headerLength > MAX_TOTAL_LENGTH) {
            throw new IllegalArgumentException("a fragment at " + fragmentOffset + " with " + (totalLength - headerLength)
                    + " payload bytes ends past the largest datagram (65535)");
        }
        Checks.inRange("ttl", ttl, 0, 0xff);
        Checks.inRange("protocol", protocol, 0, 0xff);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
    }

    /** A 20-byte header of an unfragmented datagram, DF clear, TOS 0. */
    public static Ipv4Header of(Ipv4Address source, Ipv4Address destination, int protocol, int ttl,
                                int payloadLength, int identification) {
        return of(source, destination, protocol, ttl, payloadLength, identification, false);
    }

    /** {@link #of} with Don't Fragment as given. */
    public static Ipv4Header of(Ipv4Address source, Ipv4Address destination, int protocol, int ttl,
                                int payloadLength, int identification, boolean dontFragment) {
        return new Ipv4Header(0, MIN_HEADER_LENGTH + payloadLength, identification, dontFragment, false, 0, ttl,
                protocol, source, destination, MIN_HEADER_LENGTH);
    }

    public int payloadLength() {
        return totalLength - headerLength;
    }

    public boolean isFragment() {
        return moreFragments || fragmentOffset != 0;
    }

    public int length() {
        return headerLength;
    }

    public Ipv4Header withTtl(int newTtl) {
        return new Ipv4Header(tos, totalLength, identification, dontFragment, moreFragments, fragmentOffset, newTtl,
                protocol, source, destination, headerLength);
    }

    public Ipv4Header withDontFragment(boolean df) {
        return new Ipv4Header(tos, totalLength, identification, df, moreFragments, fragmentOffset, ttl, protocol,
                source, destination, headerLength);
    }

    public Ipv4Header withTos(int newTos) {
        return new Ipv4Header(newTos, totalLength, identification, dontFragment, moreFragments, fragmentOffset, ttl,
                protocol, source, destination, headerLength);
    }

    /** This header for one fragment of its datagram (RFC 791 section 3.2, fragmentation procedure). */
    public Ipv4Header withFragment(int offset, boolean more, int newTotalLength) {
        return new Ipv4Header(tos, newTotalLength, identification, dontFragment, more, offset, ttl, protocol, source,
                destination, headerLength);
    }

    /** This header with its total length set for {@code payloadLength} bytes of payload. */
    public Ipv4Header withPayloadLength(int payloadLength) {
        return new Ipv4Header(tos, headerLength + payloadLength, identification, dontFragment, moreFragments,
                fragmentOffset, ttl, protocol, source, destination, headerLength);
    }

    /**
     * Parses a datagram. Checked, in this order: version 4; IHL at least 5 and within the buffer; total length
     * at least the header and within the buffer (bytes past it are link padding, left out of the payload);
     * header checksum; the reserved flag clear; the fragment ending within 65535 bytes. Options are skipped.
     */
    public static Ipv4Packet parse(MemorySegment in) throws MalformedPacketException {
        return parse(in, 0);
    }

    /**
     * {@link #parse(MemorySegment)} of the datagram at {@code offset} of {@code in} (such as a whole Ethernet frame
     * past its header): a receiver parses in place, without a slice per layer. Problem offsets count from the
     * start of the IPv4 header.
     */
    public static Ipv4Packet parse(MemorySegment in, long offset) throws MalformedPacketException {
        Ipv4Header header = read(in, offset, false);
        return new Ipv4Packet(header, in.asSlice(offset + header.headerLength, header.payloadLength()));
    }

    /**
     * Parses the header an ICMP error quotes (RFC 792): the same checks, except that the total length may exceed
     * the quote, which holds only the start of the datagram. Problem offsets count from the start of the quote.
     */
    static Ipv4Header parseQuoted(MemorySegment quote) throws MalformedPacketException {
        return read(quote, 0, true);
    }

    private static Ipv4Header read(MemorySegment in, long at, boolean quoted) throws MalformedPacketException {
        long available = in.byteSize() - at;
        if (available < MIN_HEADER_LENGTH) {
            throw new MalformedPacketException(Problem.truncated(Layer.IPV4, "header", 0, MIN_HEADER_LENGTH,
                    available));
        }
        // The fixed header in five 32-bit reads, its fields taken out by shifts: one bounds-checked segment access
        // per word instead of one per field, on every datagram received.
        int lengthWord = Bytes.i32(in, at + VERSION_IHL); // version, IHL, TOS, total length
        int fragmentWord = Bytes.i32(in, at + IDENTIFICATION); // identification, flags, fragment offset
        int protocolWord = Bytes.i32(in, at + TTL); // TTL, protocol, checksum
        int source = Bytes.i32(in, at + SOURCE);
        int destination = Bytes.i32(in, at + DESTINATION);
        int versionIhl = lengthWord >>> 24;
        int version = versionIhl >>> 4;
        if (version != VERSION) {
            throw Checks.malformed(Layer.IPV4, "version", VERSION_IHL, ProblemKind.BAD_VERSION, VERSION, version);
        }
        int ihl = versionIhl & 0x0f;
        if (ihl < MIN_HEADER_LENGTH / 4) {
            throw Checks.malformed(Layer.IPV4, "ihl", VERSION_IHL, ProblemKind.BAD_HEADER_LENGTH,
                    MIN_HEADER_LENGTH / 4, ihl);
        }
        int headerLength = ihl * 4;
        if (headerLength > available) {
            throw Checks.malformed(Layer.IPV4, "ihl", VERSION_IHL, ProblemKind.BAD_HEADER_LENGTH,
                    available / 4, ihl);
        }
        int totalLength = lengthWord & 0xffff;
        if (totalLength < headerLength) {
            throw Checks.malformed(Layer.IPV4, "totalLength", TOTAL_LENGTH, ProblemKind.BAD_LENGTH, headerLength,
                    totalLength);
        }
        if (!quoted && totalLength > available) {
            throw Checks.malformed(Layer.IPV4, "totalLength", TOTAL_LENGTH, ProblemKind.BAD_LENGTH, available,
                    totalLength);
        }
        // Without options the checksum is summed from the five words already read (RFC 1071); with options, over
        // the whole header in the segment.
        int headerSum = headerLength == MIN_HEADER_LENGTH
                ? Checksum.fold(halves(lengthWord) + halves(fragmentWord) + halves(protocolWord) + halves(source)
                        + halves(destination))
                : Checksum.sum(in, at, headerLength, 0);
        Checks.requireChecksum(headerSum, protocolWord & 0xffff, Layer.IPV4, CHECKSUM);
        int flagsFragment = fragmentWord & 0xffff;
        if ((flagsFragment & FLAG_RESERVED) != 0) {
            throw Checks.malformed(Layer.IPV4, "flags", FLAGS_FRAGMENT, ProblemKind.BAD_FLAGS, 0, flagsFragment >>> 13);
        }
        int fragmentOffset = (flagsFragment & OFFSET_MASK) * 8;
        if (fragmentOffset + totalLength - headerLength > MAX_TOTAL_LENGTH) {
            // A fragment reaching past the largest datagram: the "ping of death".
            throw Checks.malformed(Layer.IPV4, "fragmentOffset", FLAGS_FRAGMENT, ProblemKind.BAD_VALUE,
                    MAX_TOTAL_LENGTH - (totalLength - headerLength), fragmentOffset);
        }
        return new Ipv4Header((lengthWord >>> 16) & 0xff, totalLength, fragmentWord >>> 16,
                (flagsFragment & FLAG_DF) != 0, (flagsFragment & FLAG_MF) != 0, fragmentOffset, protocolWord >>> 24,
                (protocolWord >>> 16) & 0xff, new Ipv4Address(source), new Ipv4Address(destination), headerLength);
    }

    /** The two 16-bit halves of a 32-bit word, added: its part of a one's complement sum. */
    private static long halves(int word) {
        return (word >>> 16) + (word & 0xffff);
    }

    /**
     * Writes the header (options area as zeros) with its checksum at the start of {@code out}. The checksum is
     * summed from the field values, not read back from the bytes just written: on every frame sent, reading wide
     * words over fresh narrow stores stalls the CPU (failed store forwarding) more than the sum itself costs.
     */
    public void emit(MemorySegment out) {
        emit(out, 0);
    }

    /** {@link #emit(MemorySegment)} at {@code offset} of {@code out}: a frame gets its IPv4 header in place. */
    public void emit(MemorySegment out, long offset) {
        int versionIhl = VERSION << 4 | headerLength / 4;
        int flagsFragment = (dontFragment ? FLAG_DF : 0) | (moreFragments ? FLAG_MF : 0) | fragmentOffset / 8;
        long words = (versionIhl << 8 | tos) + totalLength + identification + flagsFragment + (ttl << 8 | protocol)
                + (source.bits() >>> 16) + (source.bits() & 0xffff)
                + (destination.bits() >>> 16) + (destination.bits() & 0xffff); // options are zeros: they add nothing
        Bytes.putU8(out, offset + VERSION_IHL, versionIhl);
        Bytes.putU8(out, offset + TOS, tos);
        Bytes.putU16(out, offset + TOTAL_LENGTH, totalLength);
        Bytes.putU16(out, offset + IDENTIFICATION, identification);
        Bytes.putU16(out, offset + FLAGS_FRAGMENT, flagsFragment);
        Bytes.putU8(out, offset + TTL, ttl);
        Bytes.putU8(out, offset + PROTOCOL, protocol);
        Bytes.putU16(out, offset + CHECKSUM, Checksum.finish(Checksum.fold(words)));
        source.write(out, offset + SOURCE);
        destination.write(out, offset + DESTINATION);
        for (int option = MIN_HEADER_LENGTH; option < headerLength; option += 4) {
            Bytes.putI32(out, offset + option, 0);
        }
    }
}
