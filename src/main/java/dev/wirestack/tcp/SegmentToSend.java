package dev.wirestack.tcp;

import dev.wirestack.wire.TcpHeader;

/**
 * A segment the connection wants sent, as {@link TcpConnection#pollSegment} hands it out: the header, and how many
 * payload bytes follow it. The bytes stay in the send buffer, from the header's sequence number on, until
 * {@link TcpConnection#copyPayload} writes them where the segment is being built (the outgoing frame), so that the
 * bulk path copies each byte once instead of through a payload array of its own.
 */
public record SegmentToSend(TcpHeader header, int payloadLength) {
    public SegmentToSend {
        if (header == null || payloadLength < 0) {
            throw new IllegalArgumentException("a header and a payload length of at least 0 are required");
        }
    }
}
