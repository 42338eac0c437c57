package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/** A 48-bit IEEE 802 MAC address, held in the low 48 bits of a long. */
public record MacAddress(long bits) {
    public static final MacAddress BROADCAST = new MacAddress(0xffff_ffff_ffffL);
    public static final MacAddress ZERO = new MacAddress(0);
    public static final int LENGTH = 6;

    public MacAddress {
        if ((bits & ~0xffff_ffff_ffffL) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits: " + Long.toHexString(bits));
        }
    }

    /** Parses {@code 02:00:00:00:00:01} (colons or dashes). */
    public static MacAddress parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != LENGTH) {
            throw new IllegalArgumentException("not a MAC address (six hex bytes separated by ':'): " + text);
        }
        long bits = 0;
        for (String part : parts) {
            if (part.length() != 2 || !HexFormat.isHexDigit(part.charAt(0)) || !HexFormat.isHexDigit(part.charAt(1))) {
                throw new IllegalArgumentException("not a MAC address (six hex bytes separated by ':'): " + text);
            }
            bits = (bits << 8) | HexFormat.fromHexDigits(part);
        }
        return new MacAddress(bits);
    }

    /** A locally administered unicast address whose low 32 bits are {@code id}: handy for simulated hosts. */
    public static MacAddress local(int id) {
        return new MacAddress(0x0200_0000_0000L | (id & 0xffff_ffffL));
    }

    public static MacAddress read(MemorySegment s, long offset) {
        return new MacAddress(((long) Bytes.u16(s, offset) << 32) | Bytes.u32(s, offset + 2));
    }

    public void write(MemorySegment s, long offset) {
        Bytes.putU16(s, offset, (int) (bits >>> 32));
        Bytes.putI32(s, offset + 2, (int) bits);
    }

    public boolean isBroadcast() {
        return bits == BROADCAST.bits;
    }

    /** The I/G bit: group addresses (multicast, and broadcast as its special case). */
    public boolean isMulticast() {
        return isMulticast(bits);
    }

    /** {@link #isMulticast()} for raw 48-bit address bits, for hot paths that keep addresses as numbers. */
    public static boolean isMulticast(long bits) {
        return (bits & 0x0100_0000_0000L) != 0;
    }

    /**
     * The {@link #bits()} of the address at {@code offset} of {@code bytes}, without an object: for a switch or
     * host that looks at every frame. The caller checks that six bytes are there.
     */
    public static long bitsAt(byte[] bytes, int offset) {
        long bits = 0;
        for (int i = 0; i < LENGTH; i++) {
            bits = bits << 8 | (bytes[offset + i] & 0xff);
        }
        return bits;
    }

    public boolean isUnicast() {
        return !isMulticast();
    }

    /** The U/L bit: set for addresses not assigned by a vendor (such as the ones Wirestack makes up). */
    public boolean isLocallyAdministered() {
        return (bits & 0x0200_0000_0000L) != 0;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                text.append(':');
            }
            text.append(HexFormat.of().toHexDigits((byte) (bits >>> shift)));
        }
        return text.toString();
    }
}
