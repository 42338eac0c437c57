package dev.wirestack.wire;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The Ethernet frame check sequence (IEEE 802.3 clause 3.2.9): the CRC-32 of the frame from the destination
 * address to the end of the payload. Ethernet sends bits least significant first, so the CRC register, already
 * reflected by {@link CRC32}, goes on the wire as its four bytes in little-endian order.
 */
public final class EthernetFcs {
    public static final int LENGTH = 4;

    private EthernetFcs() {
    }

    /** A copy of {@code frame} with its FCS appended. */
    public static byte[] append(byte[] frame) {
        byte[] withFcs = Arrays.copyOf(frame, frame.length + LENGTH);
        putLittleEndian(withFcs, frame.length, crc(frame, frame.length));
        return withFcs;
    }

    /** Whether the last four bytes are the FCS of the bytes before them (false when there are not four bytes). */
    public static boolean isValid(byte[] frameWithFcs) {
        int length = frameWithFcs.length - LENGTH;
        if (length < 0) {
            return false;
        }
        int crc = crc(frameWithFcs, length);
        return (frameWithFcs[length] & 0xff) == (crc & 0xff)
                && (frameWithFcs[length + 1] & 0xff) == (crc >>> 8 & 0xff)
                && (frameWithFcs[length + 2] & 0xff) == (crc >>> 16 & 0xff)
                && (frameWithFcs[length + 3] & 0xff) == (crc >>> 24 & 0xff);
    }

    /**
     * The FCS of {@code frame} as the CRC-32 value (its low byte goes on the wire first): for carrying the FCS
     * beside a frame rather than appended to it, as the simulator does.
     */
    public static int of(byte[] frame) {
        return crc(frame, frame.length);
    }

    private static int crc(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue();
    }

    private static void putLittleEndian(byte[] out, int offset, int value) {
        out[offset] = (byte) value;
        out[offset + 1] = (byte) (value >>> 8);
        out[offset + 2] = (byte) (value >>> 16);
        out[offset + 3] = (byte) (value >>> 24);
    }
}
