package dev.wirestack.icmp;

import java.time.Duration;

/**
 * A token bucket for outgoing ICMP error messages (RFC 1812 4.3.2.8, RFC 1122 3.2.2: a host SHOULD limit the rate
 * of ICMP errors it sends). Like Linux's icmp_msgs_per_sec / icmp_msgs_burst, one token is added every
 * {@code interval} up to {@code burst} tokens; each error spends one. The bucket starts full.
 */
public final class IcmpRateLimiter {
    private final long intervalNanos;
    private final int burst;
    private long tokens;
    private long lastRefillNanos;
    private boolean started;

    public IcmpRateLimiter(Duration interval, int burst) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the refill interval must be positive: " + interval);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("the burst must be at least 1: " + burst);
        }
        this.intervalNanos = interval.toNanos();
        this.burst = burst;
        this.tokens = burst;
    }

    /** Linux's defaults: 1000 messages per second, bursts of 50. */
    public static IcmpRateLimiter linuxDefault() {
        return new IcmpRateLimiter(Duration.ofMillis(1), 50);
    }

    /** Spends a token if there is one: true when an error may be sent at {@code nowNanos}. */
    public boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens == 0) {
            return false;
        }
        tokens--;
        return true;
    }

    /** Tokens available at {@code nowNanos}. */
    public long available(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        if (!started) {
            started = true;
            lastRefillNanos = nowNanos;
            return;
        }
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed < intervalNanos) {
            return;
        }
        long added = elapsed / intervalNanos;
        if (tokens + added >= burst) {
            tokens = burst;
            lastRefillNanos = nowNanos;
        } else {
            tokens += added;
            lastRefillNanos += added * intervalNanos;
        }
    }
}
