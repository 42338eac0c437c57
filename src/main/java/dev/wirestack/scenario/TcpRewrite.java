package dev.wirestack.scenario;

import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.Checksum;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import java.lang.foreign.MemorySegment;

/**
 * Edits the TCP header of an unfragmented IPv4 segment in an Ethernet frame, in place, and writes the checksum
 * anew: what a scenario's link filter needs to forge an old duplicate. Callers pass frames that
 * {@link dev.wirestack.report.Packet} read as TCP, so the headers are there.
 */
final class TcpRewrite {
    private static final int SEQUENCE = 4;
    private static final int CHECKSUM = 16;

    private final MemorySegment ip;
    private final int tcpOffset;
    private final int tcpLength;

    TcpRewrite(byte[] frame) {
        this.ip = MemorySegment.ofArray(frame).asSlice(EthernetHeader.HEADER_LENGTH);
        this.tcpOffset = (Bytes.u8(ip, 0) & 0x0f) * 4;
        this.tcpLength = Bytes.u16(ip, 2) - tcpOffset;
    }

    long sequence() {
        return Bytes.u32(ip, tcpOffset + SEQUENCE);
    }

    TcpRewrite sequence(long value) {
        Bytes.putI32(ip, tcpOffset + SEQUENCE, (int) value);
        return this;
    }

    /** The checksum over the pseudo-header and the segment as it now is (RFC 9293 section 3.1). */
    void finish() {
        Bytes.putU16(ip, tcpOffset + CHECKSUM, 0);
        int pseudo = Checksum.pseudoHeaderSum(Ipv4Address.read(ip, 12), Ipv4Address.read(ip, 16),
                Ipv4Header.PROTOCOL_TCP, tcpLength);
        Bytes.putU16(ip, tcpOffset + CHECKSUM, Checksum.finish(Checksum.sum(ip, tcpOffset, tcpLength, pseudo)));
    }
}
