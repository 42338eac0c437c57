package dev.wirestack.tcp;

import dev.wirestack.wire.SeqNum;

/**
 * What a connection tells its owner (the host's socket layer, traces, tests). Every method has a no-op default; the
 * calls happen inside {@link TcpConnection}'s methods, on the caller's thread, with the time the caller passed in.
 */
public interface TcpObserver {
    /** An observer that ignores everything. */
    TcpObserver NONE = new TcpObserver() {
    };

    default void onStateChange(long now, TcpConnection c, TcpState from, TcpState to) {
    }

    /** The handshake completed (ESTABLISHED reached from SYN-SENT or SYN-RECEIVED). */
    default void onEstablished(long now, TcpConnection c) {
    }

    /** New in-order data can be read. */
    default void onReadable(long now, TcpConnection c) {
    }

    /** Send-buffer space was freed by an ACK. */
    default void onWritable(long now, TcpConnection c) {
    }

    /** The peer's FIN arrived: a read returns EOF once the buffered data has been read. */
    default void onPeerClosed(long now, TcpConnection c) {
    }

    /** The connection reached CLOSED; {@code errorOrNull} is null after an orderly close. */
    default void onClosed(long now, TcpConnection c, TcpError errorOrNull) {
    }

    /** A segment was retransmitted, by fast retransmit/recovery ({@code fast}) or after the RTO expired. */
    default void onRetransmit(long now, TcpConnection c, SeqNum seq, int length, boolean fast) {
    }

    /** A challenge ACK was not sent: the connection's or the host's rate limit was reached (RFC 5961 section 7). */
    default void onChallengeAckSuppressed(long now, TcpConnection c) {
    }

    /** The congestion window, slow-start threshold, smoothed RTT or RTO changed. */
    default void onCongestionUpdate(long now, TcpConnection c, long cwnd, long ssthresh, long srttNanos,
                                    long rtoNanos) {
    }
}
