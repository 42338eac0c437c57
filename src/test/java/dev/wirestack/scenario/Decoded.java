package dev.wirestack.scenario;

import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.EthernetFrame;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpSegment;

import java.lang.foreign.MemorySegment;

/**
 * Reads captured frames layer by layer for the scenario tests. A frame Wirestack sent must parse: a malformed one
 * fails the test with the parser's problem.
 */
final class Decoded {
    private Decoded() {
    }

    static EthernetFrame ethernet(byte[] frame) {
        try {
            return EthernetHeader.parse(MemorySegment.ofArray(frame));
        } catch (MalformedPacketException e) {
            throw new AssertionError("malformed Ethernet frame on the wire: " + e.getMessage(), e);
        }
    }

    static boolean isArp(byte[] frame) {
        return ethernet(frame).header().etherType() == EthernetHeader.ETHERTYPE_ARP;
    }

    static boolean isIpv4(byte[] frame) {
        return ethernet(frame).header().etherType() == EthernetHeader.ETHERTYPE_IPV4;
    }

    static ArpPacket arp(byte[] frame) {
        try {
            return ArpPacket.parse(ethernet(frame).payload());
        } catch (MalformedPacketException e) {
            throw new AssertionError("malformed ARP packet on the wire: " + e.getMessage(), e);
        }
    }

    static Ipv4Packet ipv4(byte[] frame) {
        try {
            return Ipv4Header.parse(ethernet(frame).payload());
        } catch (MalformedPacketException e) {
            throw new AssertionError("malformed IPv4 datagram on the wire: " + e.getMessage(), e);
        }
    }

    /** Whether the frame carries an unfragmented ICMP message (or the first fragment of one). */
    static boolean isIcmp(byte[] frame) {
        if (!isIpv4(frame)) {
            return false;
        }
        Ipv4Header header = ipv4(frame).header();
        return header.protocol() == Ipv4Header.PROTOCOL_ICMP && header.fragmentOffset() == 0;
    }

    static IcmpPacket icmp(byte[] frame) {
        try {
            return IcmpHeader.parse(ipv4(frame).payload());
        } catch (MalformedPacketException e) {
            throw new AssertionError("malformed ICMP message on the wire: " + e.getMessage(), e);
        }
    }

    /** Whether the frame carries an ICMP message of {@code type} (an echo request or reply, say). */
    static boolean isEcho(byte[] frame, int type) {
        return isIcmp(frame) && icmp(frame).header().type() == type;
    }

    /** Whether the frame carries an unfragmented TCP segment. */
    static boolean isTcp(byte[] frame) {
        if (!isIpv4(frame)) {
            return false;
        }
        Ipv4Header header = ipv4(frame).header();
        return header.protocol() == Ipv4Header.PROTOCOL_TCP && header.fragmentOffset() == 0
                && !header.moreFragments();
    }

    /** Whether the frame carries a TCP segment with at least one byte of data. */
    static boolean isTcpData(byte[] frame) {
        return isTcp(frame) && tcp(frame).payload().byteSize() > 0;
    }

    static TcpSegment tcp(byte[] frame) {
        Ipv4Header ip = ipv4(frame).header();
        try {
            return TcpHeader.parse(ipv4(frame).payload(), ip.source(), ip.destination());
        } catch (MalformedPacketException e) {
            throw new AssertionError("malformed TCP segment on the wire: " + e.getMessage(), e);
        }
    }
}
