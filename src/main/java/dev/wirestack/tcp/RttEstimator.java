package dev.wirestack.tcp;

import java.time.Duration;

/**
 * The retransmission timeout of RFC 6298: a smoothed round-trip time (SRTT), its variation (RTTVAR), and
 * {@code RTO = SRTT + max(G, 4 * RTTVAR)} clamped to [minimum, maximum], with exponential backoff.
 *
 * <p><b>Karn's rule (RFC 6298 section 3) is the caller's job.</b> This class trusts every sample it is given; the
 * connection must not pass the RTT of a segment that was retransmitted (its ACK is ambiguous), unless the sample comes
 * from the timestamps option (RFC 7323 section 4), which is unambiguous.
 *
 * <p><b>Minimum RTO.</b> RFC 6298 section 2.4 says the RTO SHOULD be rounded up to 1 s. Like Linux ({@code
 * TCP_RTO_MIN}) the default here is 200 ms, because a 1 s floor makes every tail loss on a LAN cost a second; the
 * {@link Config#rfc6298()} configuration restores the RFC's floor.
 *
 * <p>Pure and single-threaded: no clock is read; samples are durations the caller measured in its own time.
 */
public final class RttEstimator {

    /**
     * The knobs of the estimator, all in nanoseconds.
     *
     * @param clockGranularityNanos G of RFC 6298 section 2: the floor of the variance term
     * @param minRtoNanos           the lowest RTO ever returned (RFC 6298 section 2.4)
     * @param maxRtoNanos           the highest RTO ever returned, also the cap of backoff (RFC 6298 section 2.5)
     * @param initialRtoNanos       the RTO before the first sample (RFC 6298 section 2.1: 1 s)
     */
    public record Config(long clockGranularityNanos, long minRtoNanos, long maxRtoNanos, long initialRtoNanos) {
        public Config {
            if (clockGranularityNanos < 0) {
                throw new IllegalArgumentException("clock granularity must not be negative: " + clockGranularityNanos);
            }
            if (minRtoNanos <= 0 || maxRtoNanos < minRtoNanos) {
                throw new IllegalArgumentException(
                        "need 0 < minimum RTO <= maximum RTO, got " + minRtoNanos + " and " + maxRtoNanos);
            }
            if (initialRtoNanos < minRtoNanos || initialRtoNanos > maxRtoNanos) {
                throw new IllegalArgumentException("initial RTO " + initialRtoNanos + " outside ["
                        + minRtoNanos + ", " + maxRtoNanos + "]");
            }
        }

        /** Linux-like: G = 1 ms, minimum 200 ms, maximum 120 s, initial 1 s. */
        public static Config linux() {
            return new Config(Duration.ofMillis(1).toNanos(), Duration.ofMillis(200).toNanos(),
                    Duration.ofSeconds(120).toNanos(), Duration.ofSeconds(1).toNanos());
        }

        /** As RFC 6298 recommends: G = 1 ms, minimum 1 s, maximum 120 s, initial 1 s. */
        public static Config rfc6298() {
            return new Config(Duration.ofMillis(1).toNanos(), Duration.ofSeconds(1).toNanos(),
                    Duration.ofSeconds(120).toNanos(), Duration.ofSeconds(1).toNanos());
        }
    }

    private final Config config;
    private boolean hasSample;
    private long srttNanos;
    private long rttvarNanos;
    /** The RTO from the latest sample (or the initial one), before any backoff. */
    private long baseRtoNanos;
    /** The RTO in force: {@link #baseRtoNanos} doubled once per {@link #backoff()}, capped at the maximum. */
    private long rtoNanos;
    private int backoffCount;

    public RttEstimator(Config config) {
        this.config = config;
        this.baseRtoNanos = config.initialRtoNanos();
        this.rtoNanos = baseRtoNanos;
    }

    /** An estimator with {@link Config#linux()}. */
    public RttEstimator() {
        this(Config.linux());
    }

    /**
     * Takes one round-trip measurement R (RFC 6298 section 2.2 for the first, 2.3 for later ones) and clears any
     * backoff: a fresh sample means the path answers again (RFC 6298 section 5, note after step 5.7).
     *
     * @param rttNanos a measured round-trip time that obeys Karn's rule; must not be negative
     */
    public void onSample(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("RTT sample must not be negative: " + rttNanos);
        }
        if (!hasSample) {
            // RFC 6298 section 2.2: SRTT <- R, RTTVAR <- R/2.
            srttNanos = rttNanos;
            rttvarNanos = rttNanos / 2;
            hasSample = true;
        } else {
            // RFC 6298 section 2.3, alpha = 1/8 and beta = 1/4; RTTVAR first, from the old SRTT.
            rttvarNanos = (3 * rttvarNanos + Math.abs(srttNanos - rttNanos)) / 4;
            srttNanos = (7 * srttNanos + rttNanos) / 8;
        }
        baseRtoNanos = clamp(srttNanos + Math.max(config.clockGranularityNanos(), 4 * rttvarNanos));
        rtoNanos = baseRtoNanos;
        backoffCount = 0;
    }

    /**
     * Doubles the RTO after the retransmission timer expired (RFC 6298 section 5.5), never beyond the maximum. The
     * estimates themselves are kept; the next {@link #onSample} returns to the computed RTO.
     */
    public void backoff() {
        rtoNanos = rtoNanos > config.maxRtoNanos() / 2 ? config.maxRtoNanos() : 2 * rtoNanos;
        backoffCount++;
    }

    /** The retransmission timeout in force, backoff included. */
    public long rtoNanos() {
        return rtoNanos;
    }

    /** How many times {@link #backoff()} was called since the last sample: the retransmission count of a timer. */
    public int backoffCount() {
        return backoffCount;
    }

    /** Whether any sample has arrived; before that {@link #srttNanos()} and {@link #rttvarNanos()} are 0. */
    public boolean hasSample() {
        return hasSample;
    }

    public long srttNanos() {
        return srttNanos;
    }

    public long rttvarNanos() {
        return rttvarNanos;
    }

    public Config config() {
        return config;
    }

    private long clamp(long rto) {
        return Math.clamp(rto, config.minRtoNanos(), config.maxRtoNanos());
    }

    @Override
    public String toString() {
        return "RttEstimator[srtt=" + srttNanos + "ns, rttvar=" + rttvarNanos + "ns, rto=" + rtoNanos
                + "ns, backoffs=" + backoffCount + "]";
    }
}
