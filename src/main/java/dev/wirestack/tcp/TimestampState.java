package dev.wirestack.tcp;

import dev.wirestack.wire.TcpOptions;

/**
 * One connection's TCP timestamps (RFC 7323): our TSval clock, the peer's TS.Recent and its age for PAWS, RTT
 * samples from the TSecr the peer echoes, and the timestamp option that data segments share. Until the handshake
 * negotiates timestamps it is off, and every check passes.
 */
final class TimestampState {
    /** RFC 7323 section 5.5: a TS.Recent older than 24 days is too old for PAWS to trust. */
    private static final long PAWS_IDLE_LIMIT_NANOS = 24L * 24 * 3600 * 1_000_000_000L;
    private static final long NANOS_PER_TICK = 1_000_000L;

    private boolean enabled;
    private long recent;
    private long recentAt;
    /**
     * The timestamp option of the last data segment sent, for the next ones while TSval and TSecr stay the same (a
     * bulk sender sends many within one millisecond tick): one options record less per segment. Only data segments
     * keep it, so a connection that has only ever acknowledged (an idle one) holds none.
     */
    private TcpOptions dataOptions;

    /** Our timestamp clock (RFC 7323 section 5.4): milliseconds of the driver's clock, modulo 2^32. */
    static long tsVal(long now) {
        return (now / NANOS_PER_TICK) & 0xffff_ffffL;
    }

    /** The handshake negotiated timestamps: the peer's SYN gives the first TS.Recent (RFC 7323 section 4.3). */
    void enable(long now, TcpOptions.Timestamps peerSyn) {
        enabled = true;
        recent = peerSyn.value();
        recentAt = now;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * PAWS (RFC 7323 section 5.3, R1): a segment whose TSval is older than TS.Recent is an old duplicate, unless
     * TS.Recent itself is over 24 days old (section 5.5).
     */
    boolean isOldDuplicate(long now, TcpOptions.Timestamps ts) {
        return enabled && ts != null && now - recentAt <= PAWS_IDLE_LIMIT_NANOS && (int) (ts.value() - recent) < 0;
    }

    /**
     * RFC 7323 section 4.3: TS.Recent takes SEG.TSval when the segment does not start after Last.ACK.sent
     * ({@code notAfterLastAckSent}) and its TSval is not older.
     */
    void updateRecent(long now, TcpOptions.Timestamps ts, boolean notAfterLastAckSent) {
        if (enabled && ts != null && (int) (ts.value() - recent) >= 0 && notAfterLastAckSent) {
            recent = ts.value();
            recentAt = now;
        }
    }

    /**
     * How a new SYN's TSval compares with TS.Recent (RFC 6191 section 2): positive when newer, 0 when equal,
     * negative when older; 0 too when either side has no timestamps, so that the sequence number decides.
     */
    int compareWithRecent(TcpOptions.Timestamps ts) {
        return enabled && ts != null ? Integer.signum((int) (ts.value() - recent)) : 0;
    }

    /**
     * RFC 7323 section 4.1: the RTT is now minus the TSecr the peer echoed, for an ACK of new data ({@code newAck});
     * -1 when there is no sample.
     */
    long rttNanos(long now, TcpOptions.Timestamps ts, boolean newAck) {
        if (!enabled || ts == null || ts.echoReply() == 0 || !newAck) {
            return -1;
        }
        long ticks = (tsVal(now) - ts.echoReply()) & 0xffff_ffffL;
        return ticks > Integer.MAX_VALUE ? -1 : ticks * NANOS_PER_TICK;
    }

    /** The timestamps of our SYN (TSecr 0) or SYN-ACK (TSecr = TS.Recent when negotiated). */
    TcpOptions.Timestamps forSyn(long now, boolean synAck) {
        return new TcpOptions.Timestamps(tsVal(now), synAck && enabled ? recent : 0);
    }

    /**
     * The options with only our timestamps, for a segment sent now (RFC 7323 section 3.2: on every segment once
     * negotiated); {@link TcpOptions#NONE} without. A data segment reuses the last data segment's record when it fits.
     */
    TcpOptions forSegment(long now, boolean forData) {
        if (!enabled) {
            return TcpOptions.NONE;
        }
        long value = tsVal(now);
        TcpOptions last = dataOptions;
        if (forData && last != null && last.timestamps().value() == value && last.timestamps().echoReply() == recent) {
            return last;
        }
        TcpOptions options = TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(value, recent));
        if (forData) {
            dataOptions = options;
        }
        return options;
    }
}
