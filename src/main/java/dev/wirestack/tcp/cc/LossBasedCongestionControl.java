package dev.wirestack.tcp.cc;

/**
 * The rules that NewReno and CUBIC share: the initial window (RFC 6928), slow start with appropriate byte counting
 * (RFC 3465), the loss window after a timeout (RFC 5681 section 3.1), fast-recovery bookkeeping with RFC 6582
 * window inflation, and MSS changes. Subclasses supply only the two places where they differ: how the window grows in
 * congestion avoidance and what ssthresh becomes after congestion.
 */
public abstract class LossBasedCongestionControl implements CongestionControl {
    /** RFC 3465 section 2.2: in slow start one ACK may grow cwnd by at most L = 2 * SMSS. */
    private static final int SLOW_START_LIMIT_SEGMENTS = 2;
    /** RFC 3465 section 2.3: after a retransmission timeout, L = 1 * SMSS. */
    private static final int SLOW_START_LIMIT_AFTER_RTO_SEGMENTS = 1;
    /** RFC 6928 section 2: the initial window is at most 10 segments and at least 2, around 14,600 bytes. */
    private static final int INITIAL_WINDOW_SEGMENTS = 10;
    private static final long INITIAL_WINDOW_BYTES = 14_600;

    /** The sender maximum segment size, SMSS. */
    protected int mss;
    /** The congestion window in bytes. */
    protected long cwnd;
    /** The slow-start threshold in bytes. */
    protected long ssthresh = Long.MAX_VALUE;

    private boolean inRecovery;
    /** Whether this recovery uses RFC 6582 window inflation (the connection reported duplicate ACKs). */
    private boolean inflating;
    /** Slow start after an RTO uses L = 1 SMSS until it ends (RFC 3465 section 2.3). */
    private boolean slowStartAfterRto;
    /** An RTO happened and no new data has been acknowledged since (RFC 5681 section 3.1, after equation 4). */
    private boolean timedOutWithoutProgress;

    protected LossBasedCongestionControl(int mss) {
        requireMss(mss);
        this.mss = mss;
        this.cwnd = initialWindow(mss);
    }

    /** RFC 6928 section 2: {@code min(10 * MSS, max(2 * MSS, 14600))}. */
    public static long initialWindow(int mss) {
        return Math.min((long) INITIAL_WINDOW_SEGMENTS * mss, Math.max(2L * mss, INITIAL_WINDOW_BYTES));
    }

    /** Grows cwnd in congestion avoidance ({@code cwnd >= ssthresh}, not in recovery) for one ACK. */
    protected abstract void growInCongestionAvoidance(long nowNanos, long ackedBytes, long rttNanos);

    /** The new ssthresh after a congestion event, from FlightSize and the cwnd before the reduction. */
    protected abstract long ssthreshAfterCongestion(long bytesInFlight);

    /** Called after every reduction of cwnd, with the window it had before; the default does nothing. */
    protected void onWindowReduced(long nowNanos, Cause cause, long cwndBefore) {
    }

    @Override
    public final void onAck(long nowNanos, long ackedBytes, long rttNanos, long bytesInFlight) {
        if (ackedBytes <= 0) {
            return;
        }
        timedOutWithoutProgress = false;
        if (inRecovery) {
            deflateOnPartialAck(ackedBytes);
        } else if (cwnd < ssthresh) {
            // RFC 5681 section 3.1 slow start with RFC 3465 byte counting: cwnd += min(N, L * SMSS).
            int limit = slowStartAfterRto ? SLOW_START_LIMIT_AFTER_RTO_SEGMENTS : SLOW_START_LIMIT_SEGMENTS;
            cwnd += Math.min(ackedBytes, (long) limit * mss);
        } else {
            slowStartAfterRto = false;
            growInCongestionAvoidance(nowNanos, ackedBytes, rttNanos);
        }
    }

    /**
     * RFC 6582 section 3.2 step 5: deflate by the bytes acknowledged and add back one SMSS if at least one SMSS was
     * acknowledged, so about ssthresh bytes stay in flight. Without inflation (SACK recovery) the window is left as is.
     */
    private void deflateOnPartialAck(long ackedBytes) {
        if (!inflating) {
            return;
        }
        long deflated = cwnd - ackedBytes + (ackedBytes >= mss ? mss : 0);
        cwnd = Math.max(deflated, mss);
    }

    @Override
    public final void onCongestionEvent(long nowNanos, Cause cause, long bytesInFlight) {
        long before = cwnd;
        switch (cause) {
            case DUPACK -> {
                if (inRecovery) {
                    return; // one reduction per window of data (RFC 6582 section 3.2 step 2)
                }
                ssthresh = ssthreshAfterCongestion(bytesInFlight);
                cwnd = ssthresh;
                inRecovery = true;
                inflating = false;
            }
            case ECN -> {
                // RFC 3168 section 6.1.2: react as to a loss, but nothing is retransmitted, so no recovery.
                ssthresh = ssthreshAfterCongestion(bytesInFlight);
                cwnd = ssthresh;
            }
            case RTO -> {
                // RFC 5681 section 3.1: ssthresh from equation 4, unless this segment already timed out once.
                if (!timedOutWithoutProgress) {
                    ssthresh = ssthreshAfterCongestion(bytesInFlight);
                }
                cwnd = mss; // the loss window, LW = 1 SMSS
                inRecovery = false;
                inflating = false;
                slowStartAfterRto = true;
                timedOutWithoutProgress = true;
            }
        }
        onWindowReduced(nowNanos, cause, before);
    }

    @Override
    public final void onDuplicateAcksInRecovery(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("duplicate ACK count must not be negative: " + count);
        }
        if (inRecovery) {
            inflating = true;
            cwnd += (long) count * mss;
        }
    }

    @Override
    public final void onRecoveryExit(long nowNanos, long bytesInFlight) {
        if (!inRecovery) {
            return;
        }
        inRecovery = false;
        inflating = false;
        cwnd = Math.min(ssthresh, Math.max(bytesInFlight, mss) + mss);
    }

    /** Like Linux, which counts cwnd in segments: both windows keep their size in segments. */
    @Override
    public void onMssChange(int newMss) {
        requireMss(newMss);
        cwnd = Math.max(rescale(cwnd, newMss), newMss);
        if (ssthresh != Long.MAX_VALUE) {
            ssthresh = Math.max(rescale(ssthresh, newMss), 2L * newMss);
        }
        mss = newMss;
    }

    private long rescale(long bytes, int newMss) {
        return bytes * newMss / mss;
    }

    @Override
    public final long window() {
        return cwnd;
    }

    @Override
    public final long ssthresh() {
        return ssthresh;
    }

    @Override
    public final boolean inRecovery() {
        return inRecovery;
    }

    public final int mss() {
        return mss;
    }

    @Override
    public CcMetrics metrics() {
        CcMetrics.Phase phase = inRecovery ? CcMetrics.Phase.RECOVERY
                : cwnd < ssthresh ? CcMetrics.Phase.SLOW_START : CcMetrics.Phase.CONGESTION_AVOIDANCE;
        return new CcMetrics(name(), cwnd, ssthresh, mss, phase);
    }

    private static void requireMss(int mss) {
        if (mss <= 0) {
            throw new IllegalArgumentException("MSS must be positive: " + mss);
        }
    }

    @Override
    public String toString() {
        return metrics().toString();
    }
}
