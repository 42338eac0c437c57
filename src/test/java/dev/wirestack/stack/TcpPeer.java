package dev.wirestack.stack;

import dev.wirestack.link.NetworkNode.Transmission;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpSegment;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A hand-driven TCP peer at 10.1.0.9 for a {@link OneHost} at 10.1.0.2: it sends segments built here (so the test
 * controls every field) and reads the segments the host sends back, in the style of a packetdrill script.
 */
final class TcpPeer {
    final OneHost h;

    TcpPeer(OneHost h) {
        this.h = h;
    }

    TcpPeer() {
        this(new OneHost());
    }

    /** A segment from the peer's {@code port} to the host's {@code hostPort}; {@code ack} may be null (zero). */
    static TcpHeader segment(int port, int hostPort, long seq, Long ack, int flags, int window, TcpOptions options) {
        return new TcpHeader(port, hostPort, SeqNum.of(seq), ack == null ? SeqNum.ZERO : SeqNum.of(ack), flags, window,
                0, options);
    }

    static TcpHeader syn(int port, int hostPort, long seq) {
        return segment(port, hostPort, seq, null, TcpHeader.SYN, 64240, TcpOptions.NONE.withMss(1460));
    }

    void send(long now, TcpHeader header, byte[] payload) {
        h.receiveFromPeer(now, OneHost.IP, Ipv4Header.PROTOCOL_TCP, bytes(header, payload, OneHost.PEER, OneHost.IP));
    }

    void send(long now, TcpHeader header) {
        send(now, header, new byte[0]);
    }

    /** The wire bytes of a segment from {@code source} to {@code destination}, checksum included. */
    static byte[] bytes(TcpHeader header, byte[] payload, Ipv4Address source, Ipv4Address destination) {
        byte[] out = new byte[header.length() + payload.length];
        header.emit(MemorySegment.ofArray(out), MemorySegment.ofArray(payload), source, destination);
        return out;
    }

    /** Every TCP segment the host sends now, parsed (checksum checked: a bad one fails the test). */
    List<Sent> drain(long now) {
        List<Sent> segments = new ArrayList<>();
        for (Transmission t : h.drain(now)) {
            Ipv4Packet ip = Frames.ipOf(t.frame());
            if (ip.header().protocol() != Ipv4Header.PROTOCOL_TCP) {
                continue;
            }
            try {
                TcpSegment segment = TcpHeader.parse(ip.payload(), ip.header().source(), ip.header().destination());
                segments.add(new Sent(ip.header(), segment.header(), segment.payload().toArray(
                        java.lang.foreign.ValueLayout.JAVA_BYTE)));
            } catch (MalformedPacketException e) {
                throw new AssertionError("the host sent a malformed segment: " + e.getMessage());
            }
        }
        return segments;
    }

    /** One segment the host sent: its IPv4 header, its TCP header and its data. */
    record Sent(Ipv4Header ip, TcpHeader tcp, byte[] payload) {
    }
}
