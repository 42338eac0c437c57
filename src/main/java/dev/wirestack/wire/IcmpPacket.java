package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** A parsed ICMP message: its header and the bytes after it (echo data, or the quote of an error). */
public record IcmpPacket(IcmpHeader header, MemorySegment payload) {

    /**
     * The IPv4 header an error message quotes (RFC 792), parsed with every check except that its total length may
     * exceed the quote. Problem offsets count from the start of the quote.
     *
     * @throws IllegalStateException if this message is not an error (it quotes nothing)
     */
    public Ipv4Header quotedHeader() throws MalformedPacketException {
        if (!header.isError()) {
            throw new IllegalStateException("ICMP type " + header.type() + " is not an error and quotes no datagram");
        }
        return Ipv4Header.parseQuoted(payload);
    }

    /** The quoted bytes after the quoted header: the start of the offending datagram's payload (ports for UDP, TCP). */
    public MemorySegment quotedPayload() throws MalformedPacketException {
        return payload.asSlice(quotedHeader().headerLength());
    }
}
