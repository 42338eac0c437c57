package dev.wirestack.stack;

/** The protocol counters of a host's {@link Stats} (drops are counted apart, by DropReason). */
public enum Counter {
    ARP_REQUESTS_SENT, ARP_REPLIES_SENT, ARP_GRATUITOUS_SENT, ARP_REQUESTS_RECEIVED, ARP_REPLIES_RECEIVED,
    IP_RECEIVED, IP_DELIVERED, IP_SENT, IP_FORWARDED, IP_FRAGMENTS_SENT, IP_FRAGMENTS_RECEIVED, IP_REASSEMBLED,
    ICMP_RECEIVED, ICMP_SENT, ICMP_ECHO_REQUESTS_RECEIVED, ICMP_ECHO_REPLIES_SENT, ICMP_ERRORS_RECEIVED,
    ICMP_ERRORS_SENT,
    /** Errors not sent because RFC 1122 3.2.2 forbids them (about an ICMP error, a broadcast, ...). */
    ICMP_ERRORS_SUPPRESSED,
    UDP_RECEIVED, UDP_DELIVERED, UDP_SENT,
    TCP_RECEIVED, TCP_SENT,
    /** RSTs sent for segments that no connection or listener wanted (RFC 9293 3.10.7.1, 3.10.7.2). */
    TCP_RESETS_SENT,
    /** SYN-ACKs sent with a SYN cookie because a listener's half-open queue was full (RFC 4987). */
    TCP_SYN_COOKIES_SENT,
    /** Connections recreated from a valid SYN cookie. */
    TCP_SYN_COOKIES_ACCEPTED
}
