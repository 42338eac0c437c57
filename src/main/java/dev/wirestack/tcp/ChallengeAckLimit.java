package dev.wirestack.tcp;

/**
 * The host-wide bound on challenge ACKs (RFC 5961 section 7): at most {@code perSecond} in each second of the
 * driver's clock, shared by every connection of a host; the rest are not sent. One instance per host; a connection
 * without one has only its own bound ({@link ChallengeAckPacer}, 500 ms).
 *
 * <p>The default is Linux's {@code net.ipv4.tcp_challenge_ack_limit} of 1000 per second (its value from 4.7 until
 * 6.0, which raised it to INT_MAX and kept only the per-socket {@code tcp_invalid_ratelimit}). Linux also draws each
 * second's budget at random between half and one and a half times the limit, so that an off-path attacker cannot
 * count the budget left over (CVE-2016-5696); here the budget is exact and deterministic, as the simulator wants, and
 * the per-connection bound keeps what one connection can observe of it to two probes a second.
 */
public final class ChallengeAckLimit {
    /** Linux's tcp_challenge_ack_limit (4.7 to 5.19). */
    public static final int LINUX_PER_SECOND = 1000;
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int perSecond;
    private long windowStart = Long.MIN_VALUE;
    private int left;

    public ChallengeAckLimit(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("the challenge ACK limit must be at least 1 per second: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** Takes one challenge ACK from this second's budget at {@code now}; false when it is spent. */
    public boolean tryAcquire(long now) {
        long second = Math.floorDiv(now, SECOND_NANOS);
        if (second != windowStart) {
            windowStart = second;
            left = perSecond;
        }
        if (left == 0) {
            return false;
        }
        left--;
        return true;
    }

    public int perSecond() {
        return perSecond;
    }
}
