package dev.wirestack.tcp;

/** The eleven connection states of RFC 9293 section 3.3.2. */
public enum TcpState {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK,
    TIME_WAIT;

    /**
     * Whether both sequence spaces are known: every state from SYN-RECEIVED on. RFC 9293 section 3.10.7.4 and RFC
     * 5961 treat these alike for RST and SYN checks.
     */
    public boolean isSynchronized() {
        return this != CLOSED && this != LISTEN && this != SYN_SENT;
    }

    /** Whether the application may still queue data to send (RFC 9293 section 3.10.2). */
    public boolean canSend() {
        return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED || this == CLOSE_WAIT;
    }

    /** Whether the peer may still send data that we accept (no FIN received yet). */
    public boolean canReceive() {
        return this == SYN_RECEIVED || this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2;
    }
}
