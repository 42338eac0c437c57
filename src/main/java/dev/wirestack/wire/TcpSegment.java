package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** A parsed TCP segment: its header and the data after it, a slice of the parsed buffer (not a copy). */
public record TcpSegment(TcpHeader header, MemorySegment payload) {
}
