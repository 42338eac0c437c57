package dev.wirestack.ip;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;

/**
 * One entry of a routing table: packets for {@code destination} leave through interface {@code interfaceIndex},
 * to {@code gateway} (the next hop) or, for a connected route ({@code gateway == null}), straight to the destination.
 */
public record Route(Ipv4Cidr destination, Ipv4Address gateway, int interfaceIndex) {

    public Route {
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException("an interface index is >= 0, not " + interfaceIndex);
        }
        // Store the network itself, so that 10.1.0.7/24 and 10.1.0.0/24 are the same route.
        destination = new Ipv4Cidr(destination.network(), destination.prefixLength());
    }

    public static Route connected(Ipv4Cidr network, int interfaceIndex) {
        return new Route(network, null, interfaceIndex);
    }

    public static Route via(Ipv4Cidr destination, Ipv4Address gateway, int interfaceIndex) {
        return new Route(destination, gateway, interfaceIndex);
    }

    public boolean isConnected() {
        return gateway == null;
    }

    /** Where a packet for {@code finalDestination} goes next on the link: the gateway, or the destination itself. */
    public Ipv4Address nextHop(Ipv4Address finalDestination) {
        return gateway == null ? finalDestination : gateway;
    }

    @Override
    public String toString() {
        return destination + (gateway == null ? " dev " : " via " + gateway + " dev ") + interfaceIndex;
    }
}
