package dev.wirestack.wire;

/**
 * An IPv4 address with a prefix length, such as an interface address {@code 10.1.2.3/20} or a route
 * {@code 10.2.0.0/16}: the subnet arithmetic of CIDR.
 */
public record Ipv4Cidr(Ipv4Address address, int prefixLength) {

    public Ipv4Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("a prefix length is 0 to 32, not " + prefixLength);
        }
    }

    /** Parses {@code A.B.C.D/P}; anything else is an IllegalArgumentException with a one-line reason. */
    public static Ipv4Cidr parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not an address with a prefix length (A.B.C.D/P): " + text);
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 2 || !prefix.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a prefix length (0-32): " + prefix);
        }
        return new Ipv4Cidr(Ipv4Address.parse(text.substring(0, slash)), Integer.parseInt(prefix));
    }

    public Ipv4Address mask() {
        return new Ipv4Address(maskBits());
    }

    private int maskBits() {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    public Ipv4Address network() {
        return new Ipv4Address(address.bits() & maskBits());
    }

    public Ipv4Address broadcast() {
        return new Ipv4Address(address.bits() | ~maskBits());
    }

    public boolean contains(Ipv4Address candidate) {
        return ((candidate.bits() ^ address.bits()) & maskBits()) == 0;
    }

    /** Usable host addresses: all but network and broadcast, except on /31 (RFC 3021) and /32. */
    public long hostCount() {
        long size = 1L << (32 - prefixLength);
        return prefixLength >= 31 ? size : size - 2;
    }

    public Ipv4Address firstHost() {
        return prefixLength >= 31 ? network() : new Ipv4Address(network().bits() + 1);
    }

    public Ipv4Address lastHost() {
        return prefixLength >= 31 ? broadcast() : new Ipv4Address(broadcast().bits() - 1);
    }

    @Override
    public String toString() {
        return address + "/" + prefixLength;
    }
}
