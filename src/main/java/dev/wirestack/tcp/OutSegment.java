package dev.wirestack.tcp;

import dev.wirestack.wire.TcpHeader;

/**
 * A segment the connection wants sent: its header (ports, numbers, flags, window and options set; the checksum is
 * computed later by {@link TcpHeader#emit}) and its payload, owned by the receiver of this record.
 */
public record OutSegment(TcpHeader header, byte[] payload) {
    public OutSegment {
        if (header == null || payload == null) {
            throw new IllegalArgumentException("header and payload are required");
        }
    }

    /** The sequence space the segment occupies: its payload plus one for SYN and one for FIN (RFC 9293 3.3.1). */
    public int sequenceLength() {
        return payload.length + (header.has(TcpHeader.SYN) ? 1 : 0) + (header.has(TcpHeader.FIN) ? 1 : 0);
    }

    @Override
    public String toString() {
        TcpHeader h = header;
        return h.tcpdumpFlags() + " seq " + h.sequenceNumber() + " ack " + h.acknowledgmentNumber() + " win "
                + h.window() + " len " + payload.length + " " + h.options();
    }
}
