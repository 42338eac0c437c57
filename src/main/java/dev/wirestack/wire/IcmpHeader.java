package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/**
 * An ICMP header (RFC 792): type, code and the 32-bit "rest of header" word whose meaning depends on the type
 * (identifier and sequence for echo, next-hop MTU for "fragmentation needed", unused otherwise).
 */
public record IcmpHeader(int type, int code, int rest) {
    public static final int HEADER_LENGTH = 8;

    public static final int ECHO_REPLY = 0;
    public static final int DESTINATION_UNREACHABLE = 3;
    public static final int SOURCE_QUENCH = 4;
    public static final int REDIRECT = 5;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;
    public static final int PARAMETER_PROBLEM = 12;
    public static final int TIMESTAMP = 13;
    public static final int TIMESTAMP_REPLY = 14;

    // Destination unreachable codes: 0-5 RFC 792, 6-12 RFC 1122 section 3.2.2.1, 13-15 RFC 1812 section 5.2.7.1.
    public static final int NET_UNREACHABLE = 0;
    public static final int HOST_UNREACHABLE = 1;
    public static final int PROTOCOL_UNREACHABLE = 2;
    public static final int PORT_UNREACHABLE = 3;
    public static final int FRAGMENTATION_NEEDED = 4;
    public static final int SOURCE_ROUTE_FAILED = 5;
    public static final int DESTINATION_NETWORK_UNKNOWN = 6;
    public static final int DESTINATION_HOST_UNKNOWN = 7;
    public static final int SOURCE_HOST_ISOLATED = 8;
    public static final int NETWORK_ADMINISTRATIVELY_PROHIBITED = 9;
    public static final int HOST_ADMINISTRATIVELY_PROHIBITED = 10;
    public static final int NETWORK_UNREACHABLE_FOR_TOS = 11;
    public static final int HOST_UNREACHABLE_FOR_TOS = 12;
    public static final int COMMUNICATION_ADMINISTRATIVELY_PROHIBITED = 13;
    public static final int HOST_PRECEDENCE_VIOLATION = 14;
    public static final int PRECEDENCE_CUTOFF_IN_EFFECT = 15;

    // Time exceeded codes (RFC 792).
    public static final int TTL_EXCEEDED = 0;
    public static final int REASSEMBLY_TIME_EXCEEDED = 1;

    private static final int TYPE = 0;
    private static final int CODE = 1;
    private static final int CHECKSUM = 2;
    private static final int REST = 4;

    public IcmpHeader {
        Checks.inRange("type", type, 0, 0xff);
        Checks.inRange("code", code, 0, 0xff);
    }

    public static IcmpHeader echoRequest(int identifier, int sequence) {
        return new IcmpHeader(ECHO_REQUEST, 0, identifierAndSequence(identifier, sequence));
    }

    public static IcmpHeader echoReply(int identifier, int sequence) {
        return new IcmpHeader(ECHO_REPLY, 0, identifierAndSequence(identifier, sequence));
    }

    /** @param nextHopMtu the MTU of the next hop for FRAGMENTATION_NEEDED (RFC 1191 section 4), else 0 */
    public static IcmpHeader destinationUnreachable(int code, int nextHopMtu) {
        Checks.inRange("nextHopMtu", nextHopMtu, 0, code == FRAGMENTATION_NEEDED ? 0xffff : 0);
        return new IcmpHeader(DESTINATION_UNREACHABLE, code, nextHopMtu);
    }

    public static IcmpHeader timeExceeded(int code) {
        return new IcmpHeader(TIME_EXCEEDED, code, 0);
    }

    private static int identifierAndSequence(int identifier, int sequence) {
        return Checks.inRange("identifier", identifier, 0, 0xffff) << 16
                | Checks.inRange("sequence", sequence, 0, 0xffff);
    }

    /** The echo identifier (high half of the rest word). */
    public int identifier() {
        return rest >>> 16;
    }

    /** The echo sequence number (low half of the rest word). */
    public int sequence() {
        return rest & 0xffff;
    }

    /** The next-hop MTU of a "fragmentation needed" message (RFC 1191 section 4). */
    public int nextHopMtu() {
        return rest & 0xffff;
    }

    /** Error messages quote the datagram that caused them, and are never answered with an error (RFC 1122 3.2.2). */
    public boolean isError() {
        return switch (type) {
            case DESTINATION_UNREACHABLE, SOURCE_QUENCH, REDIRECT, TIME_EXCEEDED, PARAMETER_PROBLEM -> true;
            default -> false;
        };
    }

    /** Parses an ICMP message: all of {@code in}, whose checksum covers every byte of it. */
    public static IcmpPacket parse(MemorySegment in) throws MalformedPacketException {
        Checks.require(in, HEADER_LENGTH, Layer.ICMP, "header", 0);
        Checks.requireChecksum(Checksum.sum(in, 0, in.byteSize(), 0), Bytes.u16(in, CHECKSUM), Layer.ICMP, CHECKSUM);
        IcmpHeader header = new IcmpHeader(Bytes.u8(in, TYPE), Bytes.u8(in, CODE), Bytes.i32(in, REST));
        return new IcmpPacket(header, in.asSlice(HEADER_LENGTH));
    }

    /** Writes the header and a copy of {@code payload} at the start of {@code out}, with the checksum over both. */
    public void emit(MemorySegment out, MemorySegment payload) {
        long length = HEADER_LENGTH + payload.byteSize();
        MemorySegment.copy(payload, 0, out, HEADER_LENGTH, payload.byteSize());
        Bytes.putU8(out, TYPE, type);
        Bytes.putU8(out, CODE, code);
        Bytes.putU16(out, CHECKSUM, 0);
        Bytes.putI32(out, REST, rest);
        Bytes.putU16(out, CHECKSUM, Checksum.compute(out, 0, length));
    }

    /** How much of {@code offending} an error quotes: its header and the first 8 bytes of its payload (RFC 792). */
    public static int quoteLength(Ipv4Header offending) {
        return Math.min(offending.totalLength(), offending.headerLength() + 8);
    }
}
