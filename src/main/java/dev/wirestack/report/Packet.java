package dev.wirestack.report;

import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpMessages;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * What a recorded (possibly snapped) frame carries, for drawing: its protocol, addresses, a one-line summary, the TCP
 * header fields, and an identity that stays the same while routers pass the packet on.
 *
 * <p>The wire parsers refuse a frame cut short by the snap length (an IPv4 total length beyond the bytes held), so
 * this reads the header fields it needs by offset, as tcpdump does with a snapped capture. It never throws: a frame
 * it cannot read is {@link Protocol#OTHER}.
 *
 * @param tcp the TCP header fields, or null when the packet is not a TCP segment
 */
public record Packet(Protocol protocol, Ipv4Address source, Ipv4Address destination, Identity identity,
                     String summary, Tcp tcp) {

    public enum Protocol { ARP, ICMP, UDP, TCP, IP_FRAGMENT, OTHER }

    /**
     * The TCP fields of a segment (sequence and acknowledgment numbers unsigned, window unscaled).
     *
     * @param windowScale the window scale option of a SYN, -1 when absent
     */
    public record Tcp(int sourcePort, int destinationPort, long seq, long ack, int flags, int window,
                      int payloadLength, int windowScale) {
        public boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** The sequence space the segment takes: its payload, plus one for SYN and one for FIN. */
        public int sequenceLength() {
            return payloadLength + (has(TcpHeader.SYN) ? 1 : 0) + (has(TcpHeader.FIN) ? 1 : 0);
        }
    }

    /**
     * The bytes that identify a packet along its path: for IPv4 the header without TTL and checksum (which every
     * router rewrites) and the transport bytes held; for ARP the ARP message.
     */
    public record Identity(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity identity && Arrays.equals(identity.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Identity[" + bytes.length + " bytes]";
        }
    }

    private static final int IP_TTL = 8;
    private static final int IP_CHECKSUM = 10;

    /** Reads a recorded frame. */
    public static Packet of(byte[] frame) {
        MemorySegment bytes = MemorySegment.ofArray(frame);
        if (frame.length < EthernetHeader.HEADER_LENGTH) {
            return other(frame, "frame of " + frame.length + " bytes");
        }
        int etherType = Bytes.u16(bytes, 12);
        MemorySegment payload = bytes.asSlice(EthernetHeader.HEADER_LENGTH);
        return switch (etherType) {
            case EthernetHeader.ETHERTYPE_ARP -> arp(frame, payload);
            case EthernetHeader.ETHERTYPE_IPV4 -> ipv4(frame, payload);
            default -> other(frame, String.format("ethertype 0x%04x", etherType));
        };
    }

    private static Packet arp(byte[] frame, MemorySegment payload) {
        try {
            ArpPacket arp = ArpPacket.parse(payload);
            String summary = arp.operation() == ArpPacket.REQUEST
                    ? (arp.isGratuitous() ? "ARP announce " + arp.senderIp()
                    : "ARP who has " + arp.targetIp() + "? tell " + arp.senderIp())
                    : "ARP " + arp.senderIp() + " is at " + arp.senderMac();
            return new Packet(Protocol.ARP, arp.senderIp(), arp.targetIp(),
                    new Identity(Bytes.toArray(payload.asSlice(0, ArpPacket.LENGTH))), summary, null);
        } catch (MalformedPacketException e) {
            return other(frame, "ARP: " + e.problem().describe());
        }
    }

    private static Packet ipv4(byte[] frame, MemorySegment ip) {
        if (ip.byteSize() < Ipv4Header.MIN_HEADER_LENGTH || Bytes.u8(ip, 0) >> 4 != 4) {
            return other(frame, "not an IPv4 header");
        }
        int headerLength = (Bytes.u8(ip, 0) & 0x0f) * 4;
        int totalLength = Bytes.u16(ip, 2);
        if (headerLength < Ipv4Header.MIN_HEADER_LENGTH || headerLength > ip.byteSize() || totalLength < headerLength) {
            return other(frame, "bad IPv4 header length");
        }
        int protocol = Bytes.u8(ip, 9);
        Ipv4Address source = Ipv4Address.read(ip, 12);
        Ipv4Address destination = Ipv4Address.read(ip, 16);
        byte[] identity = Bytes.toArray(ip);
        identity[IP_TTL] = 0;
        identity[IP_CHECKSUM] = 0;
        identity[IP_CHECKSUM + 1] = 0;
        Identity id = new Identity(identity);
        int fragmentOffset = (Bytes.u16(ip, 6) & 0x1fff) * 8;
        MemorySegment transport = ip.asSlice(headerLength);
        int transportLength = totalLength - headerLength;
        if (fragmentOffset != 0) {
            return new Packet(Protocol.IP_FRAGMENT, source, destination, id,
                    "IP fragment at " + fragmentOffset + ", " + transportLength + " bytes", null);
        }
        return switch (protocol) {
            case Ipv4Header.PROTOCOL_ICMP -> icmp(source, destination, id, transport, transportLength);
            case Ipv4Header.PROTOCOL_UDP -> udp(source, destination, id, transport, transportLength);
            case Ipv4Header.PROTOCOL_TCP -> tcp(source, destination, id, transport, transportLength);
            default -> new Packet(Protocol.OTHER, source, destination, id, "IP protocol " + protocol, null);
        };
    }

    private static Packet icmp(Ipv4Address source, Ipv4Address destination, Identity id, MemorySegment icmp,
                               int length) {
        if (icmp.byteSize() < IcmpHeader.HEADER_LENGTH) {
            return new Packet(Protocol.ICMP, source, destination, id, "ICMP (cut short)", null);
        }
        int type = Bytes.u8(icmp, 0);
        int code = Bytes.u8(icmp, 1);
        int identifier = Bytes.u16(icmp, 4);
        int sequence = Bytes.u16(icmp, 6);
        String summary = switch (type) {
            case IcmpHeader.ECHO_REQUEST -> "ICMP echo request id=" + identifier + " seq=" + sequence;
            case IcmpHeader.ECHO_REPLY -> "ICMP echo reply id=" + identifier + " seq=" + sequence;
            default -> "ICMP " + IcmpMessages.describe(type, code);
        };
        return new Packet(Protocol.ICMP, source, destination, id, summary + " len=" + length, null);
    }

    private static Packet udp(Ipv4Address source, Ipv4Address destination, Identity id, MemorySegment udp,
                              int length) {
        if (udp.byteSize() < 8) {
            return new Packet(Protocol.UDP, source, destination, id, "UDP (cut short)", null);
        }
        return new Packet(Protocol.UDP, source, destination, id,
                "UDP " + Bytes.u16(udp, 0) + " → " + Bytes.u16(udp, 2) + " len=" + (length - 8), null);
    }

    private static Packet tcp(Ipv4Address source, Ipv4Address destination, Identity id, MemorySegment tcp,
                              int length) {
        if (tcp.byteSize() < TcpHeader.MIN_HEADER_LENGTH) {
            return new Packet(Protocol.TCP, source, destination, id, "TCP (cut short)", null);
        }
        int headerLength = (Bytes.u8(tcp, 12) >> 4) * 4;
        int flags = Bytes.u8(tcp, 13);
        int windowScale = -1;
        if (headerLength > TcpHeader.MIN_HEADER_LENGTH && headerLength <= tcp.byteSize()) {
            try {
                TcpOptions options = TcpOptions.parse(tcp.asSlice(TcpHeader.MIN_HEADER_LENGTH,
                        headerLength - TcpHeader.MIN_HEADER_LENGTH), TcpHeader.MIN_HEADER_LENGTH);
                windowScale = options.windowScale();
            } catch (MalformedPacketException e) {
                windowScale = -1; // drawn without the scale: the receiver ignored the option too
            }
        }
        Tcp fields = new Tcp(Bytes.u16(tcp, 0), Bytes.u16(tcp, 2), Bytes.u32(tcp, 4), Bytes.u32(tcp, 8), flags,
                Bytes.u16(tcp, 14), Math.max(0, length - headerLength), windowScale);
        return new Packet(Protocol.TCP, source, destination, id,
                "TCP " + fields.sourcePort() + " → " + fields.destinationPort() + " " + TcpHeader.flagNames(flags),
                fields);
    }

    private static Packet other(byte[] frame, String summary) {
        return new Packet(Protocol.OTHER, null, null, new Identity(frame.clone()), summary, null);
    }
}
