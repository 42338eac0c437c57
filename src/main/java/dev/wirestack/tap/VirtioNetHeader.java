package dev.wirestack.tap;

import dev.wirestack.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The struct virtio_net_hdr (linux/virtio_net.h, 10 bytes, little-endian as a legacy header on x86-64 and AArch64)
 * that precedes every frame on a TAP opened with IFF_VNET_HDR: how the frame's offloads stand.
 *
 * @param flags          {@link #NEEDS_CHECKSUM}: the checksum at {@code checksumStart + checksumOffset} holds only
 *                       the pseudo-header sum, the rest is left to the receiver
 * @param gsoType        {@link #GSO_NONE}, or {@link #GSO_TCPV4} for a TCP segment larger than the wire's MSS
 * @param headerLength   the bytes of headers (Ethernet, IP, TCP) in front of the payload, for GSO
 * @param gsoSize        the payload of each wire-sized segment the frame stands for, for GSO
 * @param checksumStart  where the checksummed bytes start (the TCP header), from the frame's first byte
 * @param checksumOffset where the checksum field is, from {@code checksumStart}
 */
record VirtioNetHeader(int flags, int gsoType, int headerLength, int gsoSize, int checksumStart,
                       int checksumOffset) {
    static final int LENGTH = 10;
    static final int NEEDS_CHECKSUM = 1;
    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    /** A frame that is just what it is: checksums complete, no segmentation. */
    static final VirtioNetHeader PLAIN = new VirtioNetHeader(0, GSO_NONE, 0, 0, 0, 0);

    static VirtioNetHeader parse(byte[] bytes) {
        return new VirtioNetHeader(bytes[0] & 0xff, bytes[1] & 0xff, u16(bytes, 2), u16(bytes, 4), u16(bytes, 6),
                u16(bytes, 8));
    }

    /** Writes this header to {@code bytes[0..LENGTH)}. */
    void emit(byte[] bytes) {
        bytes[0] = (byte) flags;
        bytes[1] = (byte) gsoType;
        putU16(bytes, 2, headerLength);
        putU16(bytes, 4, gsoSize);
        putU16(bytes, 6, checksumStart);
        putU16(bytes, 8, checksumOffset);
    }

    /**
     * Finishes the checksum the sender left to the receiver ({@link #NEEDS_CHECKSUM}), in the frame that starts at
     * {@code frameOffset} of {@code frame} and is {@code length} bytes long: the one's complement sum of everything
     * from {@code checksumStart} on, the pseudo-header sum in the field included, as RFC 1071 defines it.
     *
     * @return false when the offsets lie outside the frame (the frame is then left as it was)
     */
    boolean finishChecksum(MemorySegment frame, int frameOffset, int length) {
        if ((flags & NEEDS_CHECKSUM) == 0) {
            return true;
        }
        int field = checksumStart + checksumOffset;
        if (checksumStart >= length || field + 2 > length) {
            return false;
        }
        int sum = Checksum.sum(frame, frameOffset + checksumStart, length - checksumStart, 0);
        int value = Checksum.finish(sum);
        frame.set(ValueLayout.JAVA_BYTE, frameOffset + field, (byte) (value >>> 8));
        frame.set(ValueLayout.JAVA_BYTE, frameOffset + field + 1, (byte) value);
        return true;
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8;
    }

    private static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
    }
}
