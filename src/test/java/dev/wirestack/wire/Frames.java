package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Whole packets built with the emitters, layer by layer, for tests (also of other packages). */
public final class Frames {
    private Frames() {
    }

    /** The header and payload as one frame, padded with zeros to the 60-byte minimum. */
    public static byte[] ethernet(EthernetHeader header, byte[] payload) {
        byte[] frame = new byte[Math.max(EthernetHeader.MIN_FRAME_LENGTH, header.length() + payload.length)];
        header.emit(MemorySegment.ofArray(frame));
        System.arraycopy(payload, 0, frame, header.length(), payload.length);
        return frame;
    }

    public static byte[] arp(ArpPacket packet) {
        byte[] out = new byte[ArpPacket.LENGTH];
        packet.emit(MemorySegment.ofArray(out));
        return out;
    }

    /** The datagram: {@code header} (whose payload length must be the payload's) and {@code payload}. */
    public static byte[] ipv4(Ipv4Header header, byte[] payload) {
        if (header.payloadLength() != payload.length) {
            throw new IllegalArgumentException("header says " + header.payloadLength() + " payload bytes, got "
                    + payload.length);
        }
        byte[] datagram = new byte[header.totalLength()];
        header.emit(MemorySegment.ofArray(datagram));
        System.arraycopy(payload, 0, datagram, header.headerLength(), payload.length);
        return datagram;
    }

    public static byte[] icmp(IcmpHeader header, byte[] payload) {
        byte[] message = new byte[IcmpHeader.HEADER_LENGTH + payload.length];
        header.emit(MemorySegment.ofArray(message), MemorySegment.ofArray(payload));
        return message;
    }

    public static byte[] udp(int sourcePort, int destinationPort, byte[] payload, Ipv4Address source,
                             Ipv4Address destination) {
        UdpHeader header = UdpHeader.of(sourcePort, destinationPort, payload.length);
        byte[] datagram = new byte[header.length()];
        header.emit(MemorySegment.ofArray(datagram), MemorySegment.ofArray(payload), source, destination);
        return datagram;
    }

    /**
     * The datagram {@code header} + {@code payload} split into fragments carrying at most {@code fragmentPayload}
     * bytes each (a multiple of 8), per RFC 791 section 3.2.
     */
    public static List<byte[]> fragments(Ipv4Header header, byte[] payload, int fragmentPayload) {
        if (fragmentPayload <= 0 || fragmentPayload % 8 != 0) {
            throw new IllegalArgumentException("fragments carry a positive multiple of 8 bytes: " + fragmentPayload);
        }
        List<byte[]> datagrams = new ArrayList<>();
        for (int offset = 0; offset < payload.length; offset += fragmentPayload) {
            int length = Math.min(fragmentPayload, payload.length - offset);
            boolean more = offset + length < payload.length;
            Ipv4Header fragment = header.withFragment(header.fragmentOffset() + offset, more || header.moreFragments(),
                    header.headerLength() + length);
            datagrams.add(ipv4(fragment, Arrays.copyOfRange(payload, offset, offset + length)));
        }
        return datagrams;
    }
}
