package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.StringJoiner;

/**
 * The TCP header of RFC 9293 section 3.1, options included.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  DOff | Rsrvd |C|E|U|A|P|R|S|F|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options (0-40 bytes)                       |
 * </pre>
 *
 * <p>The record can only hold headers that {@link #parse} accepts: ports are 1..65535 and SYN is never combined
 * with FIN or RST. So {@code parse(emit(h))} gives back {@code h} for every header. The reserved bits are written
 * as zero and ignored on receipt (RFC 9293 section 3.1); the checksum is computed, never stored.
 *
 * @param flags the eight control bits, a combination of {@link #FIN} .. {@link #CWR}
 */
public record TcpHeader(int sourcePort, int destinationPort, SeqNum sequenceNumber, SeqNum acknowledgmentNumber,
                        int flags, int window, int urgentPointer, TcpOptions options) {

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;
    public static final int MIN_HEADER_LENGTH = 20;
    public static final int MAX_HEADER_LENGTH = 60;

    private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"};
    /** tcpdump's letters, in bit order: "S." is SYN+ACK, "P." PSH+ACK (tcpdump print-tcp.c). */
    private static final String[] TCPDUMP_LETTERS = {"F", "S", "R", "P", ".", "U", "E", "W"};

    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int SEQUENCE_NUMBER = 4;
    private static final int ACKNOWLEDGMENT_NUMBER = 8;
    private static final int DATA_OFFSET = 12;
    private static final int FLAGS = 13;
    private static final int WINDOW = 14;
    private static final int CHECKSUM = 16;
    private static final int URGENT_POINTER = 18;
    /** The IPv4 protocol number of TCP, for the pseudo-header (the same as Ipv4Header.PROTOCOL_TCP). */
    private static final int IP_PROTOCOL = 6;
    /** The pseudo-header's TCP length is a 16-bit field (RFC 9293 section 3.1). */
    private static final int MAX_SEGMENT_LENGTH = 0xffff;

    public TcpHeader {
        requirePort("sourcePort", sourcePort);
        requirePort("destinationPort", destinationPort);
        if (sequenceNumber == null || acknowledgmentNumber == null || options == null) {
            throw new IllegalArgumentException("sequence number, acknowledgment number and options must not be null");
        }
        if ((flags & ~0xff) != 0) {
            throw new IllegalArgumentException("flags are 8 bits: " + flags);
        }
        if (illegalFlags(flags)) {
            throw new IllegalArgumentException("SYN cannot be combined with FIN or RST: " + flagNames(flags));
        }
        requireU16("window", window);
        requireU16("urgentPointer", urgentPointer);
    }

    /** A header without options or urgent data. */
    public static TcpHeader of(int sourcePort, int destinationPort, SeqNum sequenceNumber,
                               SeqNum acknowledgmentNumber, int flags, int window) {
        return new TcpHeader(sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber, flags, window, 0,
                TcpOptions.NONE);
    }

    public TcpHeader withFlags(int newFlags) {
        return new TcpHeader(sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber, newFlags, window,
                urgentPointer, options);
    }

    public TcpHeader withOptions(TcpOptions newOptions) {
        return new TcpHeader(sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber, flags, window,
                urgentPointer, newOptions);
    }

    public TcpHeader withWindow(int newWindow) {
        return new TcpHeader(sourcePort, destinationPort, sequenceNumber, acknowledgmentNumber, flags, newWindow,
                urgentPointer, options);
    }

    /** Whether all bits of {@code flag} (one constant, or several or-ed together) are set. */
    public boolean has(int flag) {
        return (flags & flag) == flag;
    }

    /** The header length in bytes: 20 plus the options, a multiple of 4. */
    public int length() {
        return MIN_HEADER_LENGTH + options.length();
    }

    /** The flags as Wireshark shows them, such as {@code [SYN, ACK]}; {@code []} for none. */
    public String flagNames() {
        return flagNames(flags);
    }

    /** The flags as tcpdump shows them, such as {@code S.} for SYN+ACK; {@code none} for none. */
    public String tcpdumpFlags() {
        return tcpdumpFlags(flags);
    }

    public static String flagNames(int flags) {
        StringJoiner names = new StringJoiner(", ", "[", "]");
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                names.add(FLAG_NAMES[bit]);
            }
        }
        return names.toString();
    }

    public static String tcpdumpFlags(int flags) {
        StringBuilder letters = new StringBuilder();
        for (int bit = 0; bit < TCPDUMP_LETTERS.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                letters.append(TCPDUMP_LETTERS[bit]);
            }
        }
        return letters.isEmpty() ? "none" : letters.toString();
    }

    /**
     * Parses a TCP segment carried in an IPv4 packet from {@code source} to {@code destination}. {@code in} is the
     * whole segment (the IPv4 payload) and the checksum covers all of it.
     *
     * <p>Checks, in order: the buffer holds the fixed header (TRUNCATED) and fits the pseudo-header's 16-bit
     * length (BAD_LENGTH); the data offset is at least 5 words and within the buffer (BAD_HEADER_LENGTH); the
     * checksum with the pseudo-header (BAD_CHECKSUM); the options (BAD_OPTION); SYN with FIN or RST (BAD_FLAGS);
     * a zero port (BAD_VALUE). Problem offsets count from the start of the TCP header.
     */
    public static TcpSegment parse(MemorySegment in, Ipv4Address source, Ipv4Address destination)
            throws MalformedPacketException {
        long size = in.byteSize();
        if (size < MIN_HEADER_LENGTH) {
            throw new MalformedPacketException(Problem.truncated(Layer.TCP, "header", 0, MIN_HEADER_LENGTH, size));
        }
        if (size > MAX_SEGMENT_LENGTH) {
            throw problem("length", 0, ProblemKind.BAD_LENGTH, MAX_SEGMENT_LENGTH, size);
        }
        // The fixed header in five 32-bit reads, its fields taken out by shifts: one bounds-checked segment access
        // per word instead of one per field, on every segment received.
        int portsWord = Bytes.i32(in, SOURCE_PORT);
        int sequenceNumber = Bytes.i32(in, SEQUENCE_NUMBER);
        int acknowledgmentNumber = Bytes.i32(in, ACKNOWLEDGMENT_NUMBER);
        int controlWord = Bytes.i32(in, DATA_OFFSET); // data offset, reserved bits, flags, window
        int urgentPointer = Bytes.i32(in, CHECKSUM) & 0xffff;
        int headerLength = (controlWord >>> 28) * 4;
        if (headerLength < MIN_HEADER_LENGTH) {
            throw problem("dataOffset", DATA_OFFSET, ProblemKind.BAD_HEADER_LENGTH, MIN_HEADER_LENGTH / 4,
                    headerLength / 4);
        }
        if (headerLength > size) {
            throw problem("dataOffset", DATA_OFFSET, ProblemKind.BAD_HEADER_LENGTH, size / 4, headerLength / 4);
        }
        verifyChecksum(in, source, destination);
        TcpOptions options = TcpOptions.parse(in, MIN_HEADER_LENGTH, headerLength - MIN_HEADER_LENGTH,
                MIN_HEADER_LENGTH);
        int flags = (controlWord >>> 16) & 0xff;
        if (illegalFlags(flags)) {
            throw problem("flags", FLAGS, ProblemKind.BAD_FLAGS, -1, flags);
        }
        int sourcePort = portsWord >>> 16;
        if (sourcePort == 0) {
            throw problem("sourcePort", SOURCE_PORT, ProblemKind.BAD_VALUE, -1, 0);
        }
        int destinationPort = portsWord & 0xffff;
        if (destinationPort == 0) {
            throw problem("destinationPort", DESTINATION_PORT, ProblemKind.BAD_VALUE, -1, 0);
        }
        TcpHeader header = new TcpHeader(sourcePort, destinationPort, new SeqNum(sequenceNumber),
                new SeqNum(acknowledgmentNumber), flags, controlWord & 0xffff, urgentPointer, options);
        return new TcpSegment(header, in.asSlice(headerLength));
    }

    /**
     * Writes this header, its options and a copy of {@code payload} at offset 0 of {@code out}, which must hold
     * {@code length() + payload.byteSize()} bytes, with the checksum over the pseudo-header.
     */
    public void emit(MemorySegment out, MemorySegment payload, Ipv4Address source, Ipv4Address destination) {
        long segmentLength = checkSegmentLength(out, 0, payload.byteSize());
        MemorySegment.copy(payload, 0, out, length(), payload.byteSize());
        emitAround(out, (int) (segmentLength - length()), source, destination);
    }

    /**
     * {@link #emit} for a payload that is already in place: the {@code payloadLength} bytes at offset
     * {@code length()} of {@code out}. A sender that writes its data straight into the outgoing frame saves the
     * payload's copy this way.
     */
    public void emitAround(MemorySegment out, int payloadLength, Ipv4Address source, Ipv4Address destination) {
        emitAround(out, 0, payloadLength, source, destination);
    }

    /**
     * {@link #emitAround(MemorySegment, int, Ipv4Address, Ipv4Address)} for a segment at {@code offset} of
     * {@code out}, such as a whole frame: the sender writes it in place, without a slice per segment.
     */
    public void emitAround(MemorySegment out, long offset, int payloadLength, Ipv4Address source,
                           Ipv4Address destination) {
        int headerLength = length();
        long segmentLength = checkSegmentLength(out, offset, payloadLength);
        int pseudo = Checksum.pseudoHeaderSum(source, destination, IP_PROTOCOL, (int) segmentLength);
        // The payload is summed before the header is written, and the fixed header from its field values, not read
        // back: on every segment sent, wide reads over fresh narrow stores stall the CPU (failed store forwarding).
        int payloadSum = Checksum.sum(out, offset + headerLength, payloadLength, pseudo);
        int offsetFlags = (headerLength / 4) << 12 | flags;
        int seq = sequenceNumber.value();
        int ack = acknowledgmentNumber.value();
        long fixedWords = sourcePort + destinationPort + (seq >>> 16) + (seq & 0xffff) + (ack >>> 16) + (ack & 0xffff)
                + offsetFlags + window + urgentPointer;
        Bytes.putU16(out, offset + SOURCE_PORT, sourcePort);
        Bytes.putU16(out, offset + DESTINATION_PORT, destinationPort);
        Bytes.putI32(out, offset + SEQUENCE_NUMBER, sequenceNumber.value());
        Bytes.putI32(out, offset + ACKNOWLEDGMENT_NUMBER, acknowledgmentNumber.value());
        Bytes.putU8(out, offset + DATA_OFFSET, (headerLength / 4) << 4);
        Bytes.putU8(out, offset + FLAGS, flags);
        Bytes.putU16(out, offset + WINDOW, window);
        Bytes.putU16(out, offset + URGENT_POINTER, urgentPointer);
        options.emit(out, offset + MIN_HEADER_LENGTH);
        int sum = Checksum.sum(out, offset + MIN_HEADER_LENGTH, headerLength - MIN_HEADER_LENGTH,
                Checksum.fold(fixedWords + payloadSum));
        Bytes.putU16(out, offset + CHECKSUM, Checksum.finish(sum));
    }

    /**
     * The length of this header with {@code payloadLength} bytes of payload, checked against the limit and the
     * room in out from {@code offset}.
     */
    private long checkSegmentLength(MemorySegment out, long offset, long payloadLength) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("payload length must not be negative: " + payloadLength);
        }
        long segmentLength = length() + payloadLength;
        if (segmentLength > MAX_SEGMENT_LENGTH) {
            throw new IllegalArgumentException("a TCP segment is at most 65535 bytes: " + segmentLength);
        }
        if (out.byteSize() - offset < segmentLength) {
            throw new IllegalArgumentException("output holds " + (out.byteSize() - offset) + " bytes from " + offset
                    + ", segment needs " + segmentLength);
        }
        return segmentLength;
    }

    /** RFC 1071: a correct segment, checksum field included, sums to all ones with its pseudo-header. */
    private static void verifyChecksum(MemorySegment in, Ipv4Address source, Ipv4Address destination)
            throws MalformedPacketException {
        long size = in.byteSize();
        int pseudo = Checksum.pseudoHeaderSum(source, destination, IP_PROTOCOL, (int) size);
        if (Checksum.sum(in, 0, size, pseudo) != 0xffff) {
            int beforeField = Checksum.sum(in, 0, CHECKSUM, pseudo);
            int withoutField = Checksum.sum(in, CHECKSUM + 2, size - CHECKSUM - 2, beforeField);
            throw problem("checksum", CHECKSUM, ProblemKind.BAD_CHECKSUM, Checksum.finish(withoutField),
                    Bytes.u16(in, CHECKSUM));
        }
    }

    /** RFC 9293 section 3.10.7: a SYN opens a connection, so SYN with FIN or RST has no meaning. */
    private static boolean illegalFlags(int flags) {
        return (flags & SYN) != 0 && (flags & (FIN | RST)) != 0;
    }

    private static MalformedPacketException problem(String field, int offset, ProblemKind kind, long expected,
                                                    long actual) {
        return new MalformedPacketException(new Problem(Layer.TCP, field, offset, kind, expected, actual));
    }

    private static void requirePort(String name, int port) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException(name + " must be 1..65535 (0 is not a valid TCP port): " + port);
        }
    }

    private static void requireU16(String name, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(name + " must be 0..65535: " + value);
        }
    }
}
