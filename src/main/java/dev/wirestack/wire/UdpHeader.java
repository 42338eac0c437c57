package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/**
 * A UDP header (RFC 768). The checksum is not a field: parse verifies it and emit computes it.
 *
 * @param sourcePort      0..65535 (0: no reply expected, RFC 768)
 * @param destinationPort 1..65535
 * @param length          header and payload, 8..65535
 */
public record UdpHeader(int sourcePort, int destinationPort, int length) {
    public static final int HEADER_LENGTH = 8;

    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int LENGTH = 4;
    private static final int CHECKSUM = 6;

    public UdpHeader {
        Checks.inRange("sourcePort", sourcePort, 0, 0xffff);
        Checks.inRange("destinationPort", destinationPort, 1, 0xffff);
        Checks.inRange("length", length, HEADER_LENGTH, 0xffff);
    }

    public static UdpHeader of(int sourcePort, int destinationPort, int payloadLength) {
        return new UdpHeader(sourcePort, destinationPort, HEADER_LENGTH + payloadLength);
    }

    public int payloadLength() {
        return length - HEADER_LENGTH;
    }

    /**
     * Parses a datagram carried from {@code source} to {@code destination}. Bytes after the UDP length are ignored.
     * A zero checksum field means the sender computed none (RFC 768) and is accepted.
     */
    public static UdpDatagram parse(MemorySegment in, Ipv4Address source, Ipv4Address destination)
            throws MalformedPacketException {
        Checks.require(in, HEADER_LENGTH, Layer.UDP, "header", 0);
        int length = Bytes.u16(in, LENGTH);
        if (length < HEADER_LENGTH) {
            throw Checks.malformed(Layer.UDP, "length", LENGTH, ProblemKind.BAD_LENGTH, HEADER_LENGTH, length);
        }
        if (length > in.byteSize()) {
            throw Checks.malformed(Layer.UDP, "length", LENGTH, ProblemKind.BAD_LENGTH, in.byteSize(), length);
        }
        int checksum = Bytes.u16(in, CHECKSUM);
        if (checksum != 0) {
            int pseudo = Checksum.pseudoHeaderSum(source, destination, Ipv4Header.PROTOCOL_UDP, length);
            Checks.requireChecksum(Checksum.sum(in, 0, length, pseudo), checksum, Layer.UDP, CHECKSUM);
        }
        int destinationPort = Bytes.u16(in, DESTINATION_PORT);
        if (destinationPort == 0) {
            throw Checks.malformed(Layer.UDP, "destinationPort", DESTINATION_PORT, ProblemKind.BAD_VALUE, -1, 0);
        }
        UdpHeader header = new UdpHeader(Bytes.u16(in, SOURCE_PORT), destinationPort, length);
        return new UdpDatagram(header, in.asSlice(HEADER_LENGTH, length - HEADER_LENGTH));
    }

    /**
     * Writes the header and a copy of {@code payload} at the start of {@code out}, with the checksum over the
     * pseudo-header, header and payload. A computed checksum of zero is sent as all ones (RFC 768).
     */
    public void emit(MemorySegment out, MemorySegment payload, Ipv4Address source, Ipv4Address destination) {
        if (payload.byteSize() != payloadLength()) {
            throw new IllegalArgumentException("the header's length says " + payloadLength()
                    + " payload bytes, the payload has " + payload.byteSize());
        }
        MemorySegment.copy(payload, 0, out, HEADER_LENGTH, payload.byteSize());
        Bytes.putU16(out, SOURCE_PORT, sourcePort);
        Bytes.putU16(out, DESTINATION_PORT, destinationPort);
        Bytes.putU16(out, LENGTH, length);
        Bytes.putU16(out, CHECKSUM, 0);
        int pseudo = Checksum.pseudoHeaderSum(source, destination, Ipv4Header.PROTOCOL_UDP, length);
        int checksum = Checksum.finish(Checksum.sum(out, 0, length, pseudo));
        Bytes.putU16(out, CHECKSUM, checksum == 0 ? 0xffff : checksum);
    }
}
