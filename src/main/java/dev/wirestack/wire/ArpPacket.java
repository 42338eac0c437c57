package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** An ARP packet for IPv4 over Ethernet (RFC 826): the only kind Wirestack speaks. */
public record ArpPacket(int operation, MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
                        Ipv4Address targetIp) {
    public static final int LENGTH = 28;
    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    /** ar$hrd for Ethernet (RFC 826; IANA "Hardware Types"). */
    public static final int HARDWARE_ETHERNET = 1;

    private static final int HTYPE = 0;
    private static final int PTYPE = 2;
    private static final int HLEN = 4;
    private static final int PLEN = 5;
    private static final int OPER = 6;
    private static final int SHA = 8;
    private static final int SPA = 14;
    private static final int THA = 18;
    private static final int TPA = 24;
    private static final int FIXED_PART = 8;

    public ArpPacket {
        if (operation != REQUEST && operation != REPLY) {
            throw new IllegalArgumentException("ARP operation is 1 (request) or 2 (reply), not " + operation);
        }
        Objects.requireNonNull(senderMac, "senderMac");
        Objects.requireNonNull(senderIp, "senderIp");
        Objects.requireNonNull(targetMac, "targetMac");
        Objects.requireNonNull(targetIp, "targetIp");
    }

    /** "Who has targetIp? Tell senderIp": the target hardware address is unknown, sent as zeros. */
    public static ArpPacket request(MacAddress senderMac, Ipv4Address senderIp, Ipv4Address targetIp) {
        return new ArpPacket(REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
    }

    public static ArpPacket reply(MacAddress senderMac, Ipv4Address senderIp, MacAddress targetMac,
                                  Ipv4Address targetIp) {
        return new ArpPacket(REPLY, senderMac, senderIp, targetMac, targetIp);
    }

    /** A gratuitous ARP announces or defends the sender's own address (RFC 5227 section 3). */
    public boolean isGratuitous() {
        return senderIp.equals(targetIp);
    }

    /** Parses an ARP packet; bytes after the 28 of Ethernet/IPv4 ARP (link padding) are ignored. */
    public static ArpPacket parse(MemorySegment in) throws MalformedPacketException {
        Checks.require(in, FIXED_PART, Layer.ARP, "header", 0);
        requireField(in, HTYPE, "htype", Bytes.u16(in, HTYPE), HARDWARE_ETHERNET);
        requireField(in, PTYPE, "ptype", Bytes.u16(in, PTYPE), EthernetHeader.ETHERTYPE_IPV4);
        requireField(in, HLEN, "hlen", Bytes.u8(in, HLEN), MacAddress.LENGTH);
        requireField(in, PLEN, "plen", Bytes.u8(in, PLEN), Ipv4Address.LENGTH);
        int operation = Bytes.u16(in, OPER);
        if (operation != REQUEST && operation != REPLY) {
            throw Checks.malformed(Layer.ARP, "operation", OPER, ProblemKind.BAD_VALUE, -1, operation);
        }
        Checks.require(in, LENGTH, Layer.ARP, "addresses", SHA);
        return new ArpPacket(operation, MacAddress.read(in, SHA), Ipv4Address.read(in, SPA),
                MacAddress.read(in, THA), Ipv4Address.read(in, TPA));
    }

    private static void requireField(MemorySegment in, int offset, String field, int actual, int expected)
            throws MalformedPacketException {
        if (actual != expected) {
            throw Checks.malformed(Layer.ARP, field, offset, ProblemKind.UNSUPPORTED, expected, actual);
        }
    }

    /** Writes the 28-byte packet at the start of {@code out}. */
    public void emit(MemorySegment out) {
        Bytes.putU16(out, HTYPE, HARDWARE_ETHERNET);
        Bytes.putU16(out, PTYPE, EthernetHeader.ETHERTYPE_IPV4);
        Bytes.putU8(out, HLEN, MacAddress.LENGTH);
        Bytes.putU8(out, PLEN, Ipv4Address.LENGTH);
        Bytes.putU16(out, OPER, operation);
        senderMac.write(out, SHA);
        senderIp.write(out, SPA);
        targetMac.write(out, THA);
        targetIp.write(out, TPA);
    }
}
