package dev.wirestack.stack;

import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.EthernetFrame;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.UdpDatagram;
import dev.wirestack.wire.UdpHeader;

import java.lang.foreign.MemorySegment;

/** Hand-built frames for driving a Host directly, and parsers for what it sends (they fail the test on bad bytes). */
final class Frames {
    private Frames() {
    }

    static byte[] arp(MacAddress dst, ArpPacket arp) {
        return dev.wirestack.wire.Frames.ethernet(
                EthernetHeader.untagged(dst, arp.senderMac(), EthernetHeader.ETHERTYPE_ARP),
                dev.wirestack.wire.Frames.arp(arp));
    }

    static byte[] ipv4(MacAddress dst, MacAddress src, Ipv4Header header, byte[] payload) {
        byte[] frame = new byte[Math.max(60, 14 + header.headerLength() + payload.length)];
        MemorySegment out = MemorySegment.ofArray(frame);
        EthernetHeader.untagged(dst, src, EthernetHeader.ETHERTYPE_IPV4).emit(out);
        header.emit(out.asSlice(14));
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, out, 14 + header.headerLength(), payload.length);
        return frame;
    }

    static byte[] icmp(IcmpHeader header, byte[] data) {
        return dev.wirestack.wire.Frames.icmp(header, data);
    }

    static byte[] udp(Ipv4Address src, Ipv4Address dst, int sourcePort, int destinationPort, byte[] data) {
        return dev.wirestack.wire.Frames.udp(sourcePort, destinationPort, data, src, dst);
    }

    /** An unfragmented datagram's frame: header built from the arguments with identification 1. */
    static byte[] datagram(MacAddress dst, MacAddress src, Ipv4Address from, Ipv4Address to, int protocol, int ttl,
                           byte[] payload) {
        return ipv4(dst, src, Ipv4Header.of(from, to, protocol, ttl, payload.length, 1), payload);
    }

    static EthernetFrame ethernet(byte[] frame) {
        try {
            return EthernetHeader.parse(MemorySegment.ofArray(frame));
        } catch (MalformedPacketException e) {
            throw new AssertionError("the host sent a malformed frame: " + e.getMessage());
        }
    }

    static ArpPacket arpOf(byte[] frame) {
        EthernetFrame ethernet = ethernet(frame);
        if (ethernet.header().etherType() != EthernetHeader.ETHERTYPE_ARP) {
            throw new AssertionError("not an ARP frame");
        }
        try {
            return ArpPacket.parse(ethernet.payload());
        } catch (MalformedPacketException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    static boolean isArp(byte[] frame) {
        return ethernet(frame).header().etherType() == EthernetHeader.ETHERTYPE_ARP;
    }

    static Ipv4Packet ipOf(byte[] frame) {
        EthernetFrame ethernet = ethernet(frame);
        if (ethernet.header().etherType() != EthernetHeader.ETHERTYPE_IPV4) {
            throw new AssertionError("not an IPv4 frame");
        }
        try {
            return Ipv4Header.parse(ethernet.payload());
        } catch (MalformedPacketException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    static IcmpPacket icmpOf(byte[] frame) {
        try {
            return IcmpHeader.parse(ipOf(frame).payload());
        } catch (MalformedPacketException e) {
            throw new AssertionError(e.getMessage());
        }
    }

    static UdpDatagram udpOf(byte[] frame) {
        Ipv4Packet ip = ipOf(frame);
        try {
            return UdpHeader.parse(ip.payload(), ip.header().source(), ip.header().destination());
        } catch (MalformedPacketException e) {
            throw new AssertionError(e.getMessage());
        }
    }
}
