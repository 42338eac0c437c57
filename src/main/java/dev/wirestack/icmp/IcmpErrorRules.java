package dev.wirestack.icmp;

import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;

import java.lang.foreign.MemorySegment;
import java.util.function.Predicate;

/**
 * When an ICMP error must NOT be sent (RFC 1122 3.2.2, RFC 1812 4.3.2.7): about
 * <ul>
 *   <li>an ICMP error message (no error storms between two hosts);</li>
 *   <li>a datagram sent to an IP broadcast or multicast address, or received as a link-layer broadcast;</li>
 *   <li>a fragment other than the first (the first one carries the headers the receiver needs to match it);</li>
 *   <li>a datagram whose source does not name a single host: 0.0.0.0, loopback, broadcast, multicast, class E.</li>
 * </ul>
 */
public final class IcmpErrorRules {
    private IcmpErrorRules() {
    }

    /**
     * Why no error may be sent about {@code offending}, or null when one may.
     *
     * @param payload       the start of the offending datagram's payload (at least its first byte, for ICMP)
     * @param linkBroadcast the datagram arrived in a link-layer broadcast or multicast frame
     * @param isBroadcast   whether an address is a directed broadcast address of this host's subnets
     */
    public static String refusal(Ipv4Header offending, MemorySegment payload, boolean linkBroadcast,
                                 Predicate<Ipv4Address> isBroadcast) {
        if (offending.fragmentOffset() != 0) {
            return "not the first fragment";
        }
        Ipv4Address destination = offending.destination();
        if (linkBroadcast || destination.isBroadcast() || destination.isMulticast() || isBroadcast.test(destination)) {
            return "sent to a broadcast or multicast address";
        }
        Ipv4Address source = offending.source();
        if (source.isUnspecified() || source.isLoopback() || source.isBroadcast() || source.isMulticast()
                || (source.bits() >>> 28) == 0xf || isBroadcast.test(source)) {
            return "invalid source " + source;
        }
        if (offending.protocol() == Ipv4Header.PROTOCOL_ICMP) {
            if (payload.byteSize() < 1) {
                return "ICMP message too short to tell its type";
            }
            if (new IcmpHeader(Bytes.u8(payload, 0), 0, 0).isError()) {
                return "about an ICMP error message";
            }
        }
        return null;
    }
}
