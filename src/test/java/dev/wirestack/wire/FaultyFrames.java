package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/**
 * Frames from one station to another, built right with {@link Frames} and then broken on purpose in one field: the
 * faults a parser must survive, for tests (also of other packages). The breaking methods change the frame in place and
 * return it, so that they compose.
 */
public record FaultyFrames(MacAddress sourceMac, Ipv4Address source, MacAddress destinationMac,
                           Ipv4Address destination) {
    /** Where the IPv4 header (or the ARP packet) begins in an untagged frame. */
    public static final int IP = EthernetHeader.HEADER_LENGTH;

    /** An ICMP echo request (identifier 0x4242, sequence 1) with 16 zero bytes of data. */
    public byte[] echoRequest() {
        return ipv4(Ipv4Header.PROTOCOL_ICMP, Frames.icmp(IcmpHeader.echoRequest(0x4242, 1), new byte[16]));
    }

    /** A UDP datagram with 16 zero bytes of data. */
    public byte[] udpDatagram(int sourcePort, int destinationPort) {
        return ipv4(Ipv4Header.PROTOCOL_UDP, Frames.udp(sourcePort, destinationPort, new byte[16], source,
                destination));
    }

    /** A broadcast ARP request: who has the destination's address? */
    public byte[] arpRequest() {
        return Frames.ethernet(EthernetHeader.untagged(MacAddress.BROADCAST, sourceMac, EthernetHeader.ETHERTYPE_ARP),
                Frames.arp(ArpPacket.request(sourceMac, source, destination)));
    }

    /** An IPv4 datagram (TTL 64, identification 1) carrying {@code payload}. */
    public byte[] ipv4(int protocol, byte[] payload) {
        Ipv4Header header = Ipv4Header.of(source, destination, protocol, 64, payload.length, 1);
        return ethernet(EthernetHeader.ETHERTYPE_IPV4, Frames.ipv4(header, payload));
    }

    public byte[] ethernet(int etherType, byte[] payload) {
        return Frames.ethernet(EthernetHeader.untagged(destinationMac, sourceMac, etherType), payload);
    }

    /** The lowest bit of the byte at {@code offset} flipped (in a checksummed field, a checksum that fails). */
    public static byte[] flip(byte[] frame, int offset) {
        frame[offset] ^= 0x01;
        return frame;
    }

    public static byte[] set(byte[] frame, int offset, int value) {
        frame[offset] = (byte) value;
        return frame;
    }

    /** The IPv4 total length set to {@code length}, the header checksum made right again: only the length is wrong. */
    public static byte[] withTotalLength(byte[] frame, int length) {
        frame[IP + 2] = (byte) (length >>> 8);
        frame[IP + 3] = (byte) length;
        return withIpv4Checksum(frame);
    }

    /** The IPv4 header checksum made right again, so that only the intended field is wrong. */
    public static byte[] withIpv4Checksum(byte[] frame) {
        frame[IP + 10] = 0;
        frame[IP + 11] = 0;
        int checksum = Checksum.compute(MemorySegment.ofArray(frame).asSlice(IP), 0, 20);
        frame[IP + 10] = (byte) (checksum >>> 8);
        frame[IP + 11] = (byte) checksum;
        return frame;
    }
}
