package dev.wirestack.trace;

import dev.wirestack.wire.ProblemKind;

/** Why a frame or packet was dropped: the names under which drops are counted and shown. */
public enum DropReason {
    // Refused by a parser (see ProblemKind).
    TRUNCATED, BAD_CHECKSUM, BAD_LENGTH, BAD_HEADER_LENGTH, BAD_VERSION, BAD_OPTION, BAD_FLAGS, BAD_VALUE, UNSUPPORTED,
    // The link layer.
    /** The Ethernet frame check sequence did not match: the frame was corrupted on the link. */
    BAD_FCS,
    /** The link's impairment model lost the frame on purpose. */
    LINK_LOSS,
    /** The link's transmit queue was full (drop-tail). */
    QUEUE_FULL,
    /** The frame was addressed to another MAC address. */
    NOT_OUR_MAC,
    /** An EtherType nobody here handles. */
    UNKNOWN_ETHERTYPE,
    // ARP.
    /** An ARP packet for an address this host does not own and never asked about. */
    ARP_NOT_FOR_US,
    /** The packet waited for an ARP reply that never came. */
    ARP_UNRESOLVED,
    /** The queue of packets waiting for ARP resolution was full. */
    ARP_QUEUE_FULL,
    // IPv4.
    /** Addressed to another host, and this host does not forward. */
    NOT_OUR_ADDRESS,
    /** No route to the destination. */
    NO_ROUTE,
    /** TTL reached zero while forwarding. */
    TTL_EXPIRED,
    /** Larger than the outgoing MTU with Don't Fragment set. */
    FRAGMENTATION_NEEDED,
    /** A fragment overlapped one already received: the whole datagram is dropped (RFC 5722's rule). */
    FRAGMENT_OVERLAP,
    /** The datagram's fragments did not all arrive before the reassembly timeout. */
    REASSEMBLY_TIMEOUT,
    /** Reassembly memory was full. */
    REASSEMBLY_MEMORY_FULL,
    /** An IP protocol nobody here handles. */
    UNKNOWN_PROTOCOL,
    // Transport.
    /** No socket is bound to the destination port. */
    PORT_UNREACHABLE,
    /** The socket's receive queue was full. */
    SOCKET_BUFFER_FULL,
    /** An ICMP error was not sent because of the rate limit. */
    ICMP_RATE_LIMITED,
    /** The frame arrived on (or was to leave through) an interface that is down. */
    INTERFACE_DOWN,
    /**
     * A TCP listener's accept queue was full: the SYN (or the handshake's last ACK) was dropped so the client retries
     * later (Linux's ListenOverflows).
     */
    LISTEN_OVERFLOW,
    /** A TCP challenge ACK was not sent: the connection's or the host's rate limit (RFC 5961 section 7). */
    CHALLENGE_ACK_RATE_LIMITED,
    /**
     * An ICMP error quoting a TCP sequence number outside SND.UNA..SND.NXT, or for no connection: ignored, as RFC
     * 5927 section 4.1 asks (Linux's OutOfWindowIcmps).
     */
    ICMP_OUT_OF_WINDOW;

    /** The drop reason for a packet a parser refused. */
    public static DropReason of(ProblemKind kind) {
        return valueOf(kind.name());
    }
}
