package dev.wirestack.report;

import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.TcpHeader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one side of one TCP connection did, read from a trace: its state changes, congestion updates,
 * retransmissions, the segments it sent and the acknowledgments it received, with sequence numbers relative to its
 * initial sequence number (as tcptrace and Wireshark show them).
 */
public record ConnectionTrace(Id id, List<TraceEvent.TcpStateChanged> states,
                              List<TraceEvent.TcpCongestion> congestion, List<TraceEvent.TcpRetransmit> retransmits,
                              List<Sent> sent, List<Ack> acks) {

    /** One side of a connection: the node and its view of the four-tuple. */
    public record Id(String node, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress,
                     int remotePort) {
        /** {@code node 10.1.0.2:40000 → 10.2.0.2:5001}. */
        @Override
        public String toString() {
            return node + " " + localAddress + ":" + localPort + " → " + remoteAddress + ":" + remotePort;
        }
    }

    /** A segment that took sequence space, sent at {@code timeNanos}: {@code length} bytes from {@code seq}. */
    public record Sent(long timeNanos, long seq, int length, boolean retransmission) {
    }

    /** An acknowledgment received: everything before {@code ack} arrived. */
    public record Ack(long timeNanos, long ack) {
    }

    private static final long MASK = 0xffff_ffffL;

    public ConnectionTrace {
        states = List.copyOf(states);
        congestion = List.copyOf(congestion);
        retransmits = List.copyOf(retransmits);
        sent = List.copyOf(sent);
        acks = List.copyOf(acks);
    }

    /** Every connection side that changed state in {@code events}, in the order they first did. */
    public static List<Id> connections(List<TraceEvent> events) {
        Set<Id> ids = new LinkedHashSet<>();
        for (TraceEvent event : events) {
            if (event instanceof TraceEvent.TcpStateChanged changed) {
                ids.add(new Id(changed.node(), changed.localAddress(), changed.localPort(), changed.remoteAddress(),
                        changed.remotePort()));
            }
        }
        return List.copyOf(ids);
    }

    /** What {@code id} did in {@code events}; frames are read only where {@code id.node()} sent or received them. */
    public static ConnectionTrace of(List<TraceEvent> events, Id id) {
        List<TraceEvent.TcpStateChanged> states = new ArrayList<>();
        List<TraceEvent.TcpCongestion> congestion = new ArrayList<>();
        List<TraceEvent.TcpRetransmit> retransmits = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        List<Ack> acks = new ArrayList<>();
        long isn = -1;
        long highestEnd = 0;
        for (TraceEvent event : events) {
            switch (event) {
                case TraceEvent.TcpStateChanged e when matches(id, e.node(), e.localAddress(), e.localPort(),
                        e.remoteAddress(), e.remotePort()) -> states.add(e);
                case TraceEvent.TcpCongestion e when matches(id, e.node(), e.localAddress(), e.localPort(),
                        e.remoteAddress(), e.remotePort()) -> congestion.add(e);
                case TraceEvent.TcpRetransmit e when matches(id, e.node(), e.localAddress(), e.localPort(),
                        e.remoteAddress(), e.remotePort()) -> retransmits.add(e);
                case TraceEvent.FrameSent e when e.node().equals(id.node()) -> {
                    Packet.Tcp tcp = segment(Packet.of(e.frame()), id.localAddress(), id.localPort(),
                            id.remoteAddress(), id.remotePort());
                    if (tcp != null) {
                        if (isn < 0) {
                            isn = tcp.seq(); // the SYN's, or the first seen if the trace starts later
                        }
                        long seq = (tcp.seq() - isn) & MASK;
                        if (tcp.sequenceLength() > 0) {
                            long end = seq + tcp.sequenceLength();
                            sent.add(new Sent(e.timeNanos(), seq, tcp.sequenceLength(), end <= highestEnd));
                            highestEnd = Math.max(highestEnd, end);
                        }
                    }
                }
                case TraceEvent.FrameReceived e when e.node().equals(id.node()) -> {
                    Packet.Tcp tcp = isn < 0 ? null : segment(Packet.of(e.frame()), id.remoteAddress(), id.remotePort(),
                            id.localAddress(), id.localPort());
                    if (tcp != null && tcp.has(TcpHeader.ACK)) {
                        acks.add(new Ack(e.timeNanos(), (tcp.ack() - isn) & MASK));
                    }
                }
                default -> {
                }
            }
        }
        return new ConnectionTrace(id, states, congestion, retransmits, sent, acks);
    }

    private static boolean matches(Id id, String node, Ipv4Address localAddress, int localPort,
                                   Ipv4Address remoteAddress, int remotePort) {
        return id.node().equals(node) && id.localPort() == localPort && id.remotePort() == remotePort
                && id.localAddress().equals(localAddress) && id.remoteAddress().equals(remoteAddress);
    }

    /** The packet's TCP fields when it goes from {@code source}:{@code sourcePort} to the destination; else null. */
    private static Packet.Tcp segment(Packet packet, Ipv4Address source, int sourcePort, Ipv4Address destination,
                                      int destinationPort) {
        Packet.Tcp tcp = packet.tcp();
        if (tcp == null || tcp.sourcePort() != sourcePort || tcp.destinationPort() != destinationPort
                || !source.equals(packet.source()) || !destination.equals(packet.destination())) {
            return null;
        }
        return tcp;
    }
}
