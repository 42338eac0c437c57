package dev.wirestack.sim;

import java.util.zip.CRC32;

/**
 * The Ethernet frame check sequence: CRC-32 (IEEE 802.3 clause 3.2.9) over the frame from the destination address to
 * the end of the payload.
 *
 * <p>On a simulated wire a frame is its bytes followed by these 32 bits. The simulator keeps the two side by side
 * (the FCS as an int) rather than copying the frame into a longer array and back, which carries the same bits.
 */
final class FrameCheckSequence {
    /** The FCS field is 32 bits long. */
    static final int BITS = 32;

    private FrameCheckSequence() {
    }

    static int of(byte[] frame) {
        CRC32 crc = new CRC32();
        crc.update(frame);
        return (int) crc.getValue();
    }
}
