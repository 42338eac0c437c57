package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** A parsed Ethernet frame: its header and the rest of the frame (a slice of the input, padding included). */
public record EthernetFrame(EthernetHeader header, MemorySegment payload) {
}
