package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** A parsed IPv4 datagram: its header and its payload (a slice of the input, trimmed to the total length). */
public record Ipv4Packet(Ipv4Header header, MemorySegment payload) {
}
