package dev.wirestack.trace;

import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.EthernetFrame;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpMessages;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpSegment;
import dev.wirestack.wire.UdpDatagram;
import dev.wirestack.wire.UdpHeader;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a frame layer by layer, one line per layer, in the spirit of {@code tshark -V} but short. A layer that
 * fails to parse ends the description with a line naming the problem; nothing is ever thrown.
 */
public final class FrameDissector {

    private FrameDissector() {
    }

    public static List<String> dissect(byte[] frame) {
        List<String> lines = new ArrayList<>(4);
        try {
            EthernetFrame ethernet = EthernetHeader.parse(MemorySegment.ofArray(frame));
            lines.add(describe(ethernet.header()));
            switch (ethernet.header().etherType()) {
                case EthernetHeader.ETHERTYPE_ARP -> lines.add(describe(ArpPacket.parse(ethernet.payload())));
                case EthernetHeader.ETHERTYPE_IPV4 -> dissectIpv4(ethernet.payload(), lines);
                default -> { }
            }
        } catch (MalformedPacketException malformed) {
            lines.add("[Malformed: " + malformed.problem().describe() + "]");
        }
        return lines;
    }

    private static void dissectIpv4(MemorySegment bytes, List<String> lines) throws MalformedPacketException {
        Ipv4Packet packet = Ipv4Header.parse(bytes);
        Ipv4Header ip = packet.header();
        lines.add(describe(ip));
        if (ip.fragmentOffset() != 0) {
            lines.add("Fragment data, " + packet.payload().byteSize() + " bytes");
            return;
        }
        if (ip.moreFragments()) {
            // The first fragment holds the transport header but not the whole datagram: checksums cannot be verified.
            lines.add("First fragment, " + packet.payload().byteSize() + " bytes of a larger datagram");
            return;
        }
        switch (ip.protocol()) {
            case Ipv4Header.PROTOCOL_ICMP -> lines.add(describe(IcmpHeader.parse(packet.payload())));
            case Ipv4Header.PROTOCOL_UDP -> lines.add(describe(UdpHeader.parse(packet.payload(), ip.source(), ip.destination())));
            case Ipv4Header.PROTOCOL_TCP -> lines.add(describe(TcpHeader.parse(packet.payload(), ip.source(), ip.destination())));
            default -> lines.add("IP protocol " + ip.protocol() + ", " + packet.payload().byteSize() + " bytes");
        }
    }

    static String describe(EthernetHeader eth) {
        String vlan = eth.vlanId() < 0 ? "" : ", 802.1Q vlan " + eth.vlanId() + " priority " + eth.vlanPriority();
        return "Ethernet II, " + eth.source() + " -> " + eth.destination() + vlan
                + ", type " + etherTypeName(eth.etherType()) + String.format(" (0x%04x)", eth.etherType());
    }

    static String describe(ArpPacket arp) {
        return switch (arp.operation()) {
            case ArpPacket.REQUEST -> arp.isGratuitous()
                    ? "ARP gratuitous announcement: " + arp.senderIp() + " is at " + arp.senderMac()
                    : "ARP request: who has " + arp.targetIp() + "? tell " + arp.senderIp() + " (" + arp.senderMac() + ")";
            default -> "ARP reply: " + arp.senderIp() + " is at " + arp.senderMac();
        };
    }

    static String describe(Ipv4Header ip) {
        StringBuilder text = new StringBuilder("IPv4, ").append(ip.source()).append(" -> ").append(ip.destination())
                .append(", ttl ").append(ip.ttl())
                .append(", id 0x").append(String.format("%04x", ip.identification()))
                .append(", proto ").append(protocolName(ip.protocol())).append(" (").append(ip.protocol()).append(')')
                .append(", len ").append(ip.totalLength());
        if (ip.dontFragment()) {
            text.append(" [DF]");
        }
        if (ip.isFragment()) {
            text.append(" [fragment offset ").append(ip.fragmentOffset()).append(ip.moreFragments() ? ", MF]" : "]");
        }
        if (ip.headerLength() > Ipv4Header.MIN_HEADER_LENGTH) {
            text.append(" [").append(ip.headerLength() - Ipv4Header.MIN_HEADER_LENGTH).append(" bytes of options]");
        }
        return text.toString();
    }

    static String describe(IcmpPacket icmp) {
        IcmpHeader h = icmp.header();
        long size = icmp.payload().byteSize();
        return switch (h.type()) {
            case IcmpHeader.ECHO_REQUEST -> "ICMP echo request, id " + h.identifier() + ", seq " + h.sequence() + ", " + size + " bytes";
            case IcmpHeader.ECHO_REPLY -> "ICMP echo reply, id " + h.identifier() + ", seq " + h.sequence() + ", " + size + " bytes";
            default -> h.isError()
                    ? "ICMP " + IcmpMessages.describe(h.type(), h.code())
                            + (h.code() == IcmpHeader.FRAGMENTATION_NEEDED ? " (next-hop MTU " + h.nextHopMtu() + ")" : "")
                            + quoted(icmp)
                    : "ICMP type " + h.type() + " code " + h.code() + ", " + size + " bytes";
        };
    }

    private static String quoted(IcmpPacket icmp) {
        try {
            Ipv4Header original = icmp.quotedHeader();
            return ", about " + original.source() + " -> " + original.destination() + " " + protocolName(original.protocol());
        } catch (MalformedPacketException unreadable) {
            return ", quoting an unreadable header";
        }
    }

    static String describe(UdpDatagram udp) {
        return "UDP, port " + udp.header().sourcePort() + " -> " + udp.header().destinationPort()
                + ", " + udp.payload().byteSize() + " bytes";
    }

    static String describe(TcpSegment tcp) {
        TcpHeader h = tcp.header();
        return "TCP, port " + h.sourcePort() + " -> " + h.destinationPort() + " " + h.flagNames()
                + ", seq " + h.sequenceNumber().unsigned() + ", ack " + h.acknowledgmentNumber().unsigned()
                + ", win " + h.window() + ", " + tcp.payload().byteSize() + " bytes"
                + (h.options().equals(dev.wirestack.wire.TcpOptions.NONE) ? "" : ", options " + h.options());
    }

    private static String etherTypeName(int etherType) {
        return switch (etherType) {
            case EthernetHeader.ETHERTYPE_IPV4 -> "IPv4";
            case EthernetHeader.ETHERTYPE_ARP -> "ARP";
            case 0x86dd -> "IPv6";
            default -> "unknown";
        };
    }

    private static String protocolName(int protocol) {
        return switch (protocol) {
            case Ipv4Header.PROTOCOL_ICMP -> "ICMP";
            case Ipv4Header.PROTOCOL_TCP -> "TCP";
            case Ipv4Header.PROTOCOL_UDP -> "UDP";
            default -> "unknown";
        };
    }
}
