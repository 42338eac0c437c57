package dev.wirestack.udp;

import dev.wirestack.wire.Ipv4Address;

/** A datagram a socket received: who sent it (address and port), to which of our addresses, when, and its bytes. */
public record UdpMessage(long timeNanos, Ipv4Address source, int sourcePort, Ipv4Address destination, byte[] data) {
}
