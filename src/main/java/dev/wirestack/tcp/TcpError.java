package dev.wirestack.tcp;

/** Why a connection ended other than by an orderly close; what the application is told. */
public enum TcpError {
    /** RFC 9293 section 3.10.7.3: an acceptable RST answered our SYN. */
    REFUSED("connection refused"),
    /** RFC 9293 section 3.10.7.4 and RFC 5961 section 3: an exact RST while synchronized. */
    RESET("connection reset by peer"),
    /** SYN or data retransmissions exhausted (RFC 9293 section 3.8.3, R2). */
    TIMED_OUT("connection timed out"),
    /** Keepalive probes went unanswered (RFC 9293 section 3.8.4). */
    KEEPALIVE_TIMED_OUT("connection timed out (keepalive)"),
    /** The local application aborted the connection (RFC 9293 section 3.10.5). */
    ABORTED("connection aborted"),
    /** ICMP network unreachable (RFC 1122 4.2.3.9): in SYN-SENT, or as the soft error behind a timeout. */
    NETWORK_UNREACHABLE("network is unreachable"),
    /** ICMP host unreachable and the other soft errors (RFC 1122 4.2.3.9), likewise. */
    HOST_UNREACHABLE("no route to host"),
    /** ICMP protocol unreachable, a hard error (RFC 1122 4.2.3.9). */
    PROTOCOL_UNREACHABLE("protocol not available");

    private final String message;

    TcpError(String message) {
        this.message = message;
    }

    /** A human message, as strerror would give. */
    public String message() {
        return message;
    }
}
