package dev.wirestack.tcp;

import dev.wirestack.wire.Ipv4Address;

/** One end of a TCP connection: an IPv4 address and a port (RFC 9293 section 3.1, the socket of RFC 793). */
public record Endpoint(Ipv4Address address, int port) {
    public Endpoint {
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("port must be 1..65535: " + port);
        }
    }

    @Override
    public String toString() {
        return address + ":" + port;
    }
}
