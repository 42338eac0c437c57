package dev.wirestack.icmp;

import dev.wirestack.wire.IcmpMessages;
import dev.wirestack.wire.Ipv4Address;

/** What a {@link PingSocket} hears back about its echo requests. */
public sealed interface PingEvent {
    long timeNanos();

    int sequence();

    /** An echo reply from {@code from}, with the TTL it arrived with and the echoed data. */
    record Reply(long timeNanos, Ipv4Address from, int sequence, int ttl, byte[] data) implements PingEvent {
    }

    /**
     * An ICMP error about one of our echo requests to {@code destination}: time exceeded from a router on the way
     * (traceroute's answer), or unreachable. {@code reporter} is who sent it; this host itself when ARP gave up.
     * {@code nextHopMtu} is set for "fragmentation needed", else 0.
     */
    record Error(long timeNanos, Ipv4Address reporter, Ipv4Address destination, int sequence, int type, int code,
                 int nextHopMtu) implements PingEvent {
        public String describe() {
            return IcmpMessages.describe(type, code);
        }
    }
}
