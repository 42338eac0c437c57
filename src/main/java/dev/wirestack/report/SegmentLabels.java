package dev.wirestack.report;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.TcpHeader;
import java.util.HashMap;
import java.util.Map;

/**
 * Labels packets as Wireshark's packet list does: {@code [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0}, with sequence
 * and acknowledgment numbers relative to each side's initial sequence number, and windows scaled once both SYNs
 * offered window scaling (RFC 7323 section 2.2; the SYNs' own windows are never scaled). A segment that resends
 * sequence space already sent is marked as a retransmission. Not TCP: the packet's summary.
 *
 * <p>Labels are remembered by packet identity, so a segment seen again further along its path (at a router drawn
 * as a lane) gets the same label and is not taken for a retransmission.
 */
final class SegmentLabels {
    private static final long MASK = 0xffff_ffffL;

    private record Direction(Ipv4Address source, int sourcePort, Ipv4Address destination, int destinationPort) {
        Direction reverse() {
            return new Direction(destination, destinationPort, source, sourcePort);
        }
    }

    /** What one direction of a connection has shown so far. */
    private static final class Side {
        long isn = -1;
        int windowScale = -1;
        /** The end of the sequence space sent so far, relative. */
        long highestEnd;
    }

    private final Map<Direction, Side> sides = new HashMap<>();
    private final Map<Packet.Identity, String> labels = new HashMap<>();

    String label(Packet packet) {
        Packet.Tcp tcp = packet.tcp();
        if (tcp == null) {
            return packet.summary();
        }
        return labels.computeIfAbsent(packet.identity(), identity -> tcpLabel(packet, tcp));
    }

    private String tcpLabel(Packet packet, Packet.Tcp tcp) {
        Direction direction = new Direction(packet.source(), tcp.sourcePort(), packet.destination(),
                tcp.destinationPort());
        Side me = sides.computeIfAbsent(direction, d -> new Side());
        Side peer = sides.computeIfAbsent(direction.reverse(), d -> new Side());
        boolean syn = tcp.has(TcpHeader.SYN);
        if (syn) {
            me.windowScale = tcp.windowScale();
        }
        if (me.isn < 0) {
            me.isn = tcp.seq(); // the SYN's, or the first seen when the trace starts mid-connection
        }
        long seq = (tcp.seq() - me.isn) & MASK;
        StringBuilder label = new StringBuilder(TcpHeader.flagNames(tcp.flags())).append(" Seq=").append(seq);
        if (tcp.has(TcpHeader.ACK)) {
            label.append(" Ack=").append(peer.isn < 0 ? tcp.ack() : (tcp.ack() - peer.isn) & MASK);
        }
        long window = !syn && me.windowScale >= 0 && peer.windowScale >= 0
                ? (long) tcp.window() << me.windowScale : tcp.window();
        label.append(" Win=").append(window).append(" Len=").append(tcp.payloadLength());
        // Only segments that take sequence space move the end: a RST's or a bare ACK's sequence number may lie
        // anywhere (a RST answering an old duplicate's SYN-ACK carries that segment's ACK, RFC 9293 3.10.7.3).
        if (tcp.sequenceLength() > 0) {
            long end = seq + tcp.sequenceLength();
            if (end <= me.highestEnd) {
                label.append(" (retransmission)");
            }
            me.highestEnd = Math.max(me.highestEnd, end);
        }
        return label.toString();
    }
}
