package dev.wirestack.tap;

import dev.wirestack.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Merges consecutive TCP segments of one connection, as Wirestack's TCP sent them, into one large segment with a
 * {@link VirtioNetHeader} that tells the kernel their wire size (GSO): the kernel then takes in up to 64 KiB with one
 * write() and runs its receive path once, as it does for what a NIC's receive offload (GRO) merged. The bytes are
 * the same; only the number of system calls and kernel passes shrinks.
 *
 * <p>What merges is about what Linux's own GRO merges (net/ipv4/tcp_offload.c): IPv4 without options or
 * fragmentation, TCP with only ACK and PSH, the same addresses, ports, acknowledgment, window, options and header
 * sizes, sequence numbers that follow on, and payloads of one size (the last may be shorter). Unlike GRO, a PSH does
 * not end a run (Wirestack pushes every segment): only segments already queued together merge, so the data a PSH
 * asks to deliver promptly arrives no later, and the merged segment carries the PSH. Anything else goes out alone,
 * unchanged, with a plain header.
 *
 * <p>A segment larger than the MTU allows (Wirestack's TCP sends such when its interface declares segmentation
 * offload) goes alone, with a header that has the kernel cut it at the MTU (TSO): its flags may then include FIN,
 * which the kernel's cut (tcp_gso_segment) leaves on the last piece only, as it does PSH.
 *
 * <p>One instance belongs to the TAP's writer thread; its buffer is reused for every write.
 */
final class SegmentCoalescer {
    private static final int ETHERNET_LENGTH = 14;
    private static final int IP_OFFSET = ETHERNET_LENGTH;
    private static final int IP_HEADER_LENGTH = 20;
    private static final int TCP_OFFSET = IP_OFFSET + IP_HEADER_LENGTH;
    private static final int MAX_IP_LENGTH = 65_535;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTOCOL_TCP = 6;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_ACK = 0x10;
    private static final int TCP_PSH = 0x08;
    private static final int TCP_CHECKSUM_OFFSET = 16;
    /** Where the frame starts in the buffer: after the virtio-net header. */
    private static final int FRAME = VirtioNetHeader.LENGTH;

    private final int mtu;
    private final byte[] buffer = new byte[FRAME + TapDevice.MAX_FRAME];
    private final MemorySegment bufferSegment = MemorySegment.ofArray(buffer);
    private int length;
    private int segments;
    /** Header bytes (Ethernet, IP, TCP) of the segments being merged, or 0 when the frame cannot merge. */
    private int headersLength;
    private int segmentSize;
    private int lastPayload;
    private long nextSeq;
    /** Header bytes of the current write when it is one segment larger than the MTU, for the kernel to cut; or 0. */
    private int oversizeHeaders;

    /** A coalescer for a TAP of MTU {@code mtu}: the size of the IP datagrams the kernel cuts large segments into. */
    SegmentCoalescer(int mtu) {
        this.mtu = mtu;
    }

    /** Starts a new write with {@code frame}. */
    void start(byte[] frame) {
        System.arraycopy(frame, 0, buffer, FRAME, frame.length);
        length = FRAME + frame.length;
        segments = 1;
        oversizeHeaders = 0;
        if (frame.length - ETHERNET_LENGTH > mtu) {
            headersLength = 0; // it is a whole write by itself
            oversizeHeaders = tcpHeaders(frame, TCP_ACK | TCP_PSH | TCP_FIN);
            return;
        }
        headersLength = tcpHeaders(frame, TCP_ACK | TCP_PSH);
        if (headersLength > 0) {
            segmentSize = frame.length - headersLength;
            lastPayload = segmentSize;
            nextSeq = (u32(frame, TCP_OFFSET + 4) + segmentSize) & 0xffff_ffffL;
        }
    }

    /** Adds {@code frame} to the current write if it continues it; false (and nothing changed) if it does not. */
    boolean tryAppend(byte[] frame) {
        if (!isOpen() || frame.length - ETHERNET_LENGTH > mtu
                || tcpHeaders(frame, TCP_ACK | TCP_PSH) != headersLength) {
            return false;
        }
        int payload = frame.length - headersLength;
        if (payload > segmentSize || length - FRAME - ETHERNET_LENGTH + payload > MAX_IP_LENGTH
                || u32(frame, TCP_OFFSET + 4) != nextSeq || !sameFlow(frame)) {
            return false;
        }
        System.arraycopy(frame, headersLength, buffer, length, payload);
        length += payload;
        segments++;
        lastPayload = payload;
        nextSeq = (nextSeq + payload) & 0xffff_ffffL;
        buffer[FRAME + TCP_OFFSET + 13] |= (byte) (frame[TCP_OFFSET + 13] & TCP_PSH);
        return true;
    }

    /** Whether a frame could still be added. */
    boolean isOpen() {
        return headersLength > 0 && lastPayload == segmentSize;
    }

    /** Fixes the headers of the merged frame and fills in the virtio-net header; returns the bytes to write. */
    int finish() {
        int ipLength = length - FRAME - ETHERNET_LENGTH;
        int headers;
        int gsoSize;
        if (oversizeHeaders > 0) {
            headers = oversizeHeaders; // the stack built its headers whole: only the checksum changes
            gsoSize = mtu - (headers - ETHERNET_LENGTH);
        } else if (segments > 1) {
            headers = headersLength;
            gsoSize = segmentSize;
            putU16(buffer, FRAME + IP_OFFSET + 2, ipLength);
            putU16(buffer, FRAME + IP_OFFSET + 10, 0);
            putU16(buffer, FRAME + IP_OFFSET + 10,
                    Checksum.compute(bufferSegment, FRAME + IP_OFFSET, IP_HEADER_LENGTH));
        } else {
            VirtioNetHeader.PLAIN.emit(buffer);
            return length;
        }
        // As Linux leaves a segment for checksum offload: the pseudo-header sum in the field, the rest to finish.
        int tcpLength = ipLength - IP_HEADER_LENGTH;
        int pseudo = Checksum.sum(bufferSegment, FRAME + IP_OFFSET + 12, 8, PROTOCOL_TCP + tcpLength);
        putU16(buffer, FRAME + TCP_OFFSET + TCP_CHECKSUM_OFFSET, pseudo);
        new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, VirtioNetHeader.GSO_TCPV4, headers, gsoSize,
                TCP_OFFSET, TCP_CHECKSUM_OFFSET).emit(buffer);
        return length;
    }

    /** The write: {@link #finish}'s count of bytes from the start. */
    byte[] buffer() {
        return buffer;
    }

    /** How many segments the current write holds. */
    int segments() {
        return segments;
    }

    /**
     * The length of the Ethernet, IP and TCP headers of a TCP over IPv4 segment that may merge or be cut: plain IPv4,
     * not a fragment, no padding after the datagram, ACK set and no flag outside {@code allowedFlags}, some payload.
     * 0 for anything else.
     */
    private static int tcpHeaders(byte[] frame, int allowedFlags) {
        if (frame.length < TCP_OFFSET + 20 || u16(frame, 12) != ETHERTYPE_IPV4 || frame[IP_OFFSET] != 0x45
                || (frame[IP_OFFSET + 9] & 0xff) != PROTOCOL_TCP || (u16(frame, IP_OFFSET + 6) & 0x3fff) != 0
                || u16(frame, IP_OFFSET + 2) != frame.length - ETHERNET_LENGTH) {
            return 0;
        }
        int tcpHeaderLength = (frame[TCP_OFFSET + 12] & 0xf0) >>> 2;
        int flags = frame[TCP_OFFSET + 13] & 0xff;
        int headers = TCP_OFFSET + tcpHeaderLength;
        boolean plainAck = (flags & TCP_ACK) != 0 && (flags & ~allowedFlags) == 0
                && (frame[TCP_OFFSET + 12] & 0x0f) == 0;
        return plainAck && tcpHeaderLength >= 20 && headers < frame.length ? headers : 0;
    }

    /**
     * Whether {@code frame} belongs with the first segment: the same Ethernet header, IP type of service, TTL and
     * addresses, and the same TCP ports, acknowledgment, header length, window and options (flags but PSH equal).
     */
    private boolean sameFlow(byte[] frame) {
        int first = FRAME;
        return Arrays.equals(buffer, first, first + IP_OFFSET + 2, frame, 0, IP_OFFSET + 2) // Ethernet, version, TOS
                && Arrays.equals(buffer, first + IP_OFFSET + 8, first + IP_OFFSET + 10, frame, IP_OFFSET + 8,
                        IP_OFFSET + 10) // TTL, protocol
                && Arrays.equals(buffer, first + IP_OFFSET + 12, first + TCP_OFFSET + 4, frame, IP_OFFSET + 12,
                        TCP_OFFSET + 4) // addresses, ports
                && Arrays.equals(buffer, first + TCP_OFFSET + 8, first + TCP_OFFSET + 13, frame, TCP_OFFSET + 8,
                        TCP_OFFSET + 13) // acknowledgment, header length
                && ((buffer[first + TCP_OFFSET + 13] ^ frame[TCP_OFFSET + 13]) & ~TCP_PSH) == 0
                && Arrays.equals(buffer, first + TCP_OFFSET + 14, first + TCP_OFFSET + 16, frame, TCP_OFFSET + 14,
                        TCP_OFFSET + 16) // window
                && Arrays.equals(buffer, first + TCP_OFFSET + 20, first + headersLength, frame, TCP_OFFSET + 20,
                        headersLength); // options
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }

    private static long u32(byte[] bytes, int offset) {
        return ((long) u16(bytes, offset) << 16 | u16(bytes, offset + 2)) & 0xffff_ffffL;
    }

    private static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }
}
