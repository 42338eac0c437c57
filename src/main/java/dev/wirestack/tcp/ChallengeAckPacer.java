package dev.wirestack.tcp;

/**
 * One connection's bound on challenge ACKs (RFC 5961 section 7): at most one per {@link #INTERVAL_NANOS}, Linux's
 * per-socket {@code net.ipv4.tcp_invalid_ratelimit} (500 ms), and then within the host's {@link ChallengeAckLimit}
 * when one is shared. What either bound keeps back is counted.
 */
final class ChallengeAckPacer {
    static final long INTERVAL_NANOS = 500_000_000L;

    private ChallengeAckLimit host;
    private boolean sentOne;
    private long lastSentAt;
    private long suppressed;

    void share(ChallengeAckLimit hostLimit) {
        this.host = hostLimit;
    }

    /** Whether a challenge ACK may go at {@code now}; if so, it is counted as sent. */
    boolean tryAcquire(long now) {
        boolean tooSoon = sentOne && now - lastSentAt < INTERVAL_NANOS;
        if (tooSoon || (host != null && !host.tryAcquire(now))) {
            suppressed++;
            return false;
        }
        sentOne = true;
        lastSentAt = now;
        return true;
    }

    long suppressed() {
        return suppressed;
    }
}
