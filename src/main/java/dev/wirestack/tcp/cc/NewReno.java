package dev.wirestack.tcp.cc;

/**
 * Standard TCP congestion control: RFC 5681 slow start and congestion avoidance with RFC 3465 appropriate byte
 * counting, and the RFC 6582 NewReno fast-recovery window. The shared rules (initial window, slow start, recovery,
 * loss window) live in {@link LossBasedCongestionControl}; this class adds the two Reno-specific ones.
 */
public final class NewReno extends LossBasedCongestionControl {
    /** Bytes acknowledged in congestion avoidance not yet turned into window growth (RFC 3465 section 2.1). */
    private long bytesAcked;

    /** A fresh controller; {@code NewReno::new} is a {@link CongestionControlFactory}. */
    public NewReno(long nowNanos, int mss) {
        super(mss);
    }

    @Override
    public String name() {
        return "newreno";
    }

    /**
     * RFC 5681 section 3.1 with RFC 3465 section 2.1 byte counting: one SMSS of growth per cwnd's worth of
     * acknowledged bytes, that is one SMSS per round trip.
     */
    @Override
    protected void growInCongestionAvoidance(long nowNanos, long ackedBytes, long rttNanos) {
        bytesAcked += ackedBytes;
        if (bytesAcked >= cwnd) {
            bytesAcked -= cwnd;
            cwnd += mss;
        }
    }

    /** RFC 5681 section 3.1, equation 4: {@code ssthresh = max(FlightSize / 2, 2 * SMSS)}. */
    @Override
    protected long ssthreshAfterCongestion(long bytesInFlight) {
        return Math.max(bytesInFlight / 2, 2L * mss);
    }

    @Override
    protected void onWindowReduced(long nowNanos, Cause cause, long cwndBefore) {
        bytesAcked = 0;
    }
}
