package dev.wirestack.udp;

import dev.wirestack.wire.IcmpMessages;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;

/**
 * An ICMP error about a datagram this socket sent (RFC 1122 4.1.3.3: UDP passes ICMP errors up to the application).
 * {@code reporter} is who sent the error: a router, the destination, or this host itself (for ARP failures and a
 * missing route; {@link Ipv4Address#ANY} when this host had no address to report from).
 */
public record UdpError(long timeNanos, Ipv4Address reporter, Ipv4Address destination, int destinationPort, int type,
                       int code) {

    public boolean isPortUnreachable() {
        return type == IcmpHeader.DESTINATION_UNREACHABLE && code == IcmpHeader.PORT_UNREACHABLE;
    }

    public String describe() {
        return IcmpMessages.describe(type, code) + " from " + reporter + " for " + destination + ":" + destinationPort;
    }
}
