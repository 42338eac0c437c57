package dev.wirestack.stack;

import java.lang.foreign.MemorySegment;

/**
 * The payload of an outgoing IPv4 datagram, written where it will travel: the link layer hands it the slice of the
 * Ethernet frame after the IPv4 header, so a TCP segment is built once, in place, instead of being assembled in a
 * buffer of its own and copied into the frame (a copy and an allocation per segment on the bulk path). Paths that
 * need the bytes on their own (local delivery, ARP queueing, fragmentation) {@link #materialize} them.
 */
@FunctionalInterface
interface PayloadWriter {
    /**
     * Writes the whole payload at {@code offset} of {@code out}, which holds it there: the link layer passes the whole
     * frame and the offset after the IPv4 header, not a slice of its own per frame.
     */
    void write(MemorySegment out, long offset);

    /** A payload that already exists as bytes: it is copied into place. */
    static PayloadWriter of(MemorySegment payload) {
        return (out, offset) -> MemorySegment.copy(payload, 0, out, offset, payload.byteSize());
    }

    /** The payload as a byte array of its own, for the paths that keep or split it. */
    default byte[] materialize(int length) {
        byte[] bytes = new byte[length];
        write(MemorySegment.ofArray(bytes), 0);
        return bytes;
    }
}
