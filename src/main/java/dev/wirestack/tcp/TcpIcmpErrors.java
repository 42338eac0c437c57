package dev.wirestack.tcp;

import dev.wirestack.wire.IcmpHeader;

/**
 * What an ICMP error about one of our segments means to TCP (RFC 9293 section 3.9, RFC 1122 4.2.3.9, RFC 5461,
 * RFC 1191). The choices, written down:
 * <ul>
 *   <li>Destination Unreachable codes 2 and 3 (protocol, port) are hard errors, as RFC 1122 4.2.3.9 says: they
 *       abort the connection in every state (RFC 5461 would treat them as soft once synchronized; the RFC 5927
 *       sequence check keeps a blind attacker from using them to reset a connection).</li>
 *   <li>Code 4 (fragmentation needed) is path MTU discovery (RFC 1191), never an error.</li>
 *   <li>Every other code, Time Exceeded and Parameter Problem are soft: remembered, and reported instead of "timed
 *       out" if the connection later fails by timeout (Linux's sk_err_soft).</li>
 *   <li>In SYN-SENT (and SYN-RECEIVED after our own SYN) any of these aborts the connect at once, as Linux's
 *       tcp_v4_err does, with the error strerror would give: "connection refused" for port unreachable, "no route
 *       to host" or "network is unreachable" for the others.</li>
 *   <li>Source Quench (RFC 6633), redirects and the rest are ignored.</li>
 * </ul>
 */
final class TcpIcmpErrors {
    /** RFC 791 and RFC 1191 section 3: no IPv4 path has an MTU below 68. */
    static final int MIN_PATH_MTU = 68;
    /** IPv4 and TCP headers without options: the MSS is the path MTU less these (RFC 9293 section 3.7.1). */
    static final int IP_AND_TCP_HEADERS = 40;
    /**
     * The smallest MSS a "fragmentation needed" can impose: the floor TcpConfig accepts (Linux's tcp_min_snd_mss
     * is 48, and its ip_rt_min_pmtu of 552 would keep the MSS at 512 or more).
     */
    static final int MIN_MSS = 64;

    private TcpIcmpErrors() {
    }

    /** The error this ICMP message reports, or null when TCP ignores it (or it is path MTU discovery). */
    static TcpError errorFor(int type, int code) {
        return switch (type) {
            case IcmpHeader.DESTINATION_UNREACHABLE -> switch (code) {
                case IcmpHeader.FRAGMENTATION_NEEDED -> null;
                case IcmpHeader.PORT_UNREACHABLE -> TcpError.REFUSED;
                case IcmpHeader.PROTOCOL_UNREACHABLE -> TcpError.PROTOCOL_UNREACHABLE;
                case IcmpHeader.NET_UNREACHABLE, IcmpHeader.DESTINATION_NETWORK_UNKNOWN,
                     IcmpHeader.NETWORK_ADMINISTRATIVELY_PROHIBITED, IcmpHeader.NETWORK_UNREACHABLE_FOR_TOS ->
                        TcpError.NETWORK_UNREACHABLE;
                default -> TcpError.HOST_UNREACHABLE;
            };
            case IcmpHeader.TIME_EXCEEDED, IcmpHeader.PARAMETER_PROBLEM -> TcpError.HOST_UNREACHABLE;
            default -> null;
        };
    }

    /** RFC 1122 4.2.3.9: protocol and port unreachable are hard errors. */
    static boolean isHard(int type, int code) {
        return type == IcmpHeader.DESTINATION_UNREACHABLE
                && (code == IcmpHeader.PROTOCOL_UNREACHABLE || code == IcmpHeader.PORT_UNREACHABLE);
    }

    static boolean isFragmentationNeeded(int type, int code) {
        return type == IcmpHeader.DESTINATION_UNREACHABLE && code == IcmpHeader.FRAGMENTATION_NEEDED;
    }

    /**
     * The MSS a next-hop MTU allows (RFC 1191 section 6.3): the MTU less 40, the MTU taken as at least 68 (a router
     * that reports 0 predates RFC 1191) and the MSS as at least {@link #MIN_MSS}.
     */
    static int mssForNextHopMtu(int nextHopMtu) {
        return Math.max(Math.max(nextHopMtu, MIN_PATH_MTU) - IP_AND_TCP_HEADERS, MIN_MSS);
    }

    /** The data a segment may carry on a path of {@code nextHopMtu}: that MSS (never above the peer's) less options. */
    static int dataMssForPathMtu(NegotiatedOptions options, int nextHopMtu) {
        int optionBytes = options.sendMss() - options.dataMss();
        return Math.min(mssForNextHopMtu(nextHopMtu), options.sendMss()) - optionBytes;
    }
}
