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
}
