package dev.wirestack.trace;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MacAddress;

/**
 * Something that happened in a node, at a time, for exporters (pcap, diagrams, reports) and for tests to assert on.
 * {@code node} is the node's name; {@code port} the interface or port number, -1 when none applies.
 */
public sealed interface TraceEvent {
    long timeNanos();

    String node();

    /** A frame left a node's port (Ethernet header onwards, without FCS). */
    record FrameSent(long timeNanos, String node, int port, byte[] frame) implements TraceEvent {
    }

    /** A frame arrived at a node's port. */
    record FrameReceived(long timeNanos, String node, int port, byte[] frame) implements TraceEvent {
    }

    /** A frame or packet was dropped; {@code detail} says more in one line (a parser's Problem, an address). */
    record Dropped(long timeNanos, String node, int port, Layer layer, DropReason reason, String detail)
            implements TraceEvent {
    }

    record ArpResolved(long timeNanos, String node, int port, Ipv4Address address, MacAddress mac)
            implements TraceEvent {
    }

    record ArpFailed(long timeNanos, String node, int port, Ipv4Address address) implements TraceEvent {
    }

    /** A router passed a packet on from one interface to another. */
    record Forwarded(long timeNanos, String node, int inPort, int outPort, Ipv4Address source,
                     Ipv4Address destination, int ttl) implements TraceEvent {
    }

    record Reassembled(long timeNanos, String node, Ipv4Address source, int identification, int fragments,
                       int length) implements TraceEvent {
    }

    record ReassemblyExpired(long timeNanos, String node, Ipv4Address source, int identification, int bytesHeld)
            implements TraceEvent {
    }

    record IcmpSent(long timeNanos, String node, Ipv4Address destination, int type, int code) implements TraceEvent {
    }

    /** A switch learned (or refreshed) that {@code mac} is reachable through {@code port}. */
    record MacLearned(long timeNanos, String node, int port, MacAddress mac) implements TraceEvent {
    }

    /**
     * A TCP connection moved from one RFC 9293 state to another ({@code from} and {@code to} are state names:
     * CLOSED, LISTEN, SYN_SENT, ..., TIME_WAIT).
     */
    record TcpStateChanged(long timeNanos, String node, Ipv4Address localAddress, int localPort,
                           Ipv4Address remoteAddress, int remotePort, String from, String to) implements TraceEvent {
    }

    /** A TCP connection's congestion window or slow-start threshold (bytes), smoothed RTT or RTO changed. */
    record TcpCongestion(long timeNanos, String node, Ipv4Address localAddress, int localPort,
                         Ipv4Address remoteAddress, int remotePort, long cwnd, long ssthresh, long srttNanos,
                         long rtoNanos) implements TraceEvent {
    }

    /**
     * A TCP connection sent {@code length} bytes from {@code sequenceNumber} (unsigned) again: after duplicate ACKs
     * ({@code fast}) or when its retransmission timer expired.
     */
    record TcpRetransmit(long timeNanos, String node, Ipv4Address localAddress, int localPort,
                         Ipv4Address remoteAddress, int remotePort, long sequenceNumber, int length, boolean fast)
            implements TraceEvent {
    }

    /**
     * A TLS handshake completed with {@code peer}: the negotiated {@code protocol} ("TLSv1.3"), {@code cipherSuite}
     * ("TLS_AES_128_GCM_SHA256") and ALPN {@code applicationProtocol} ("http/1.1", or "" when none was agreed).
     */
    record TlsHandshakeCompleted(long timeNanos, String node, String peer, String protocol, String cipherSuite,
                                 String applicationProtocol) implements TraceEvent {
    }
}
