package dev.wirestack.tcp;

import dev.wirestack.wire.TcpOptions;

/**
 * What the handshake settled, fixed for the connection's life.
 *
 * @param sendMss            the largest segment (payload plus options) we send: the peer's MSS (536 when it sent
 *                           none, RFC 9293 section 3.7.1) capped by ours
 * @param receiveMss         the MSS we announced: the size of a "full-sized" segment for delayed ACK
 * @param sendWindowShift    how far to shift the peer's window field (RFC 7323 section 2.3), 0 without scaling
 * @param receiveWindowShift how far we shift our own window field, 0 without scaling
 * @param sack               SACK is in use: both sides sent SACK-permitted (RFC 2018 section 2)
 * @param timestamps         timestamps are in use: both SYNs carried them (RFC 7323 section 3.2)
 */
public record NegotiatedOptions(int sendMss, int receiveMss, int sendWindowShift, int receiveWindowShift,
                                boolean sack, boolean timestamps) {

    /** RFC 9293 section 3.7.1: the MSS to assume when the peer's SYN carries none. */
    public static final int DEFAULT_MSS = 536;
    /** The bytes the timestamps option takes in every segment once negotiated (10, padded to 12). */
    public static final int TIMESTAMPS_LENGTH = 12;

    /**
     * Settles the options from what our SYN offered ({@code config}) and what the peer's SYN or SYN-ACK carried.
     * Window scaling is used only if both sides sent it (RFC 7323 section 2.2), likewise SACK and timestamps.
     */
    public static NegotiatedOptions negotiate(TcpConfig config, TcpOptions peer) {
        int peerMss = peer.hasMss() ? peer.mss() : DEFAULT_MSS;
        boolean scaling = config.windowScaling() && peer.hasWindowScale();
        return new NegotiatedOptions(Math.max(Math.min(peerMss, config.mss()), 64), config.mss(),
                scaling ? peer.effectiveWindowScale() : 0, scaling ? config.offeredWindowScale() : 0,
                config.sack() && peer.sackPermitted(), config.timestamps() && peer.timestamps() != null);
    }

    /** The options our SYN (or SYN-ACK, when answering {@code peerSynOrNull}) carries (RFC 9293 3.7.1). */
    public static TcpOptions synOptions(TcpConfig config, TcpOptions peerSynOrNull, TcpOptions.Timestamps ts) {
        boolean answering = peerSynOrNull != null;
        TcpOptions options = TcpOptions.NONE.withMss(config.mss());
        if (config.windowScaling() && (!answering || peerSynOrNull.hasWindowScale())) {
            options = options.withWindowScale(config.offeredWindowScale());
        }
        if (config.sack() && (!answering || peerSynOrNull.sackPermitted())) {
            options = options.withSackPermitted(true);
        }
        if (config.timestamps() && (!answering || peerSynOrNull.timestamps() != null)) {
            options = options.withTimestamps(ts);
        }
        return options;
    }

    /** The most payload a segment carrying only the fixed per-segment options may hold. */
    public int dataMss() {
        return sendMss - (timestamps ? TIMESTAMPS_LENGTH : 0);
    }
}
