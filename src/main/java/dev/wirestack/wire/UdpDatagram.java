package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** A parsed UDP datagram: its header and its payload (a slice of the input, trimmed to the UDP length). */
public record UdpDatagram(UdpHeader header, MemorySegment payload) {
}
