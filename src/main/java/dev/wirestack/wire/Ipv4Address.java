package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;

/** An IPv4 address, held as the 32-bit value it has on the wire. */
public record Ipv4Address(int bits) implements Comparable<Ipv4Address> {
    public static final Ipv4Address ANY = new Ipv4Address(0);
    public static final Ipv4Address BROADCAST = new Ipv4Address(-1);
    public static final int LENGTH = 4;

    /** Parses dotted-quad text such as {@code 10.1.0.2}; anything else is an IllegalArgumentException. */
    public static Ipv4Address parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (four numbers 0-255 separated by dots): " + text);
        }
        int bits = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address (four numbers 0-255 separated by dots): " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address (" + octet + " is over 255): " + text);
            }
            bits = (bits << 8) | octet;
        }
        return new Ipv4Address(bits);
    }

    public static Ipv4Address of(int a, int b, int c, int d) {
        return new Ipv4Address((a & 0xff) << 24 | (b & 0xff) << 16 | (c & 0xff) << 8 | (d & 0xff));
    }

    public static Ipv4Address read(MemorySegment s, long offset) {
        return new Ipv4Address(Bytes.i32(s, offset));
    }

    public void write(MemorySegment s, long offset) {
        Bytes.putI32(s, offset, bits);
    }

    public boolean isBroadcast() {
        return bits == -1;
    }

    public boolean isUnspecified() {
        return bits == 0;
    }

    /** 224.0.0.0/4. */
    public boolean isMulticast() {
        return (bits & 0xf000_0000) == 0xe000_0000;
    }

    public boolean isLoopback() {
        return (bits >>> 24) == 127;
    }

    @Override
    public int compareTo(Ipv4Address other) {
        return Integer.compareUnsigned(bits, other.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + ((bits >>> 16) & 0xff) + "." + ((bits >>> 8) & 0xff) + "." + (bits & 0xff);
    }
}
