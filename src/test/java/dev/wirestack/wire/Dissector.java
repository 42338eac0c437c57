package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** Parses a frame through every layer this package knows, as a receiving host would. */
final class Dissector {
    private Dissector() {
    }

    static void allLayers(MemorySegment frame) throws MalformedPacketException {
        EthernetFrame ethernet = EthernetHeader.parse(frame);
        switch (ethernet.header().etherType()) {
            case EthernetHeader.ETHERTYPE_ARP -> ArpPacket.parse(ethernet.payload());
            case EthernetHeader.ETHERTYPE_IPV4 -> ipv4(Ipv4Header.parse(ethernet.payload()));
            default -> {
            }
        }
    }

    private static void ipv4(Ipv4Packet ip) throws MalformedPacketException {
        if (ip.header().isFragment()) {
            return; // a fragment's transport header is checked only after reassembly
        }
        switch (ip.header().protocol()) {
            case Ipv4Header.PROTOCOL_ICMP -> {
                IcmpPacket icmp = IcmpHeader.parse(ip.payload());
                if (icmp.header().isError()) {
                    icmp.quotedPayload();
                }
            }
            case Ipv4Header.PROTOCOL_UDP ->
                    UdpHeader.parse(ip.payload(), ip.header().source(), ip.header().destination());
            default -> {
            }
        }
    }
}
