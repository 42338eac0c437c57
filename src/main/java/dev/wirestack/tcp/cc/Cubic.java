package dev.wirestack.tcp.cc;

/**
 * CUBIC congestion control (RFC 9438). After a congestion event the window follows the cubic curve
 * {@code W_cubic(t) = C * (t - K)^3 + W_max} (section 4.2, equation 1) of the time t since the congestion avoidance
 * epoch began, flat around the window W_max where the last loss happened; {@code K = cbrt((W_max - cwnd_epoch) / C)}
 * (equation 2), which is {@code cbrt(W_max * (1 - beta) / C)} after a plain reduction. Where standard TCP would grow
 * faster, the Reno-friendly estimate W_est (section 4.3) wins. Windows in the formulas are in segments, as in the RFC.
 *
 * <p>Deliberate choices: the multiplicative decrease applies {@code beta_cubic = 0.7} to FlightSize, as section 4.6
 * writes it and as {@link NewReno} does, with a floor of 2 segments. HyStart++ (section 4.10, RFC 9406) is not
 * implemented: slow start is the standard one of {@link LossBasedCongestionControl}. When congestion avoidance begins
 * with no W_max to return to (the first one, or after an RTO, section 4.8), W_max is the current window and K is 0.
 * The controller never shrinks cwnd on an ACK.
 */
public final class Cubic extends LossBasedCongestionControl {
    /** RFC 9438 section 5: C = 0.4 segments per second cubed. */
    public static final double C = 0.4;
    /** RFC 9438 section 4.6: the multiplicative decrease factor. */
    public static final double BETA = 0.7;
    /** RFC 9438 section 4.3: the Reno-friendly additive increase, 3 * (1 - beta) / (1 + beta). */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);
    private static final double NANOS_PER_SECOND = 1e9;

    private final boolean fastConvergence;
    /** W_max in segments; 0 when there is none to return to. */
    private double wMax;
    /** K in seconds for the current epoch. */
    private double k;
    /** cwnd before the last reduction, in segments (cwnd_prior of section 4.6). */
    private double cwndPrior;
    /** W_est in segments (section 4.3). */
    private double wEst;
    /** Start of the current congestion avoidance epoch, or -1 before its first ACK. */
    private long epochStartNanos = -1;
    /** Fractions of a byte of growth not yet added to cwnd. */
    private double growthCarry;

    /** A controller with fast convergence on; {@code Cubic::new} is a {@link CongestionControlFactory}. */
    public Cubic(long nowNanos, int mss) {
        this(nowNanos, mss, true);
    }

    public Cubic(long nowNanos, int mss, boolean fastConvergence) {
        super(mss);
        this.fastConvergence = fastConvergence;
    }

    @Override
    public String name() {
        return "cubic";
    }

    /** Equation 1 of RFC 9438 section 4.2, in segments, {@code t} seconds into the epoch. */
    public double cubicWindow(double t) {
        double x = t - k;
        return C * x * x * x + wMax;
    }

    /** W_max in segments: the window the cubic curve plateaus at. */
    public double wMax() {
        return wMax;
    }

    /** K in seconds: when the curve reaches W_max. */
    public double k() {
        return k;
    }

    @Override
    protected long ssthreshAfterCongestion(long bytesInFlight) {
        return Math.max((long) (bytesInFlight * BETA), 2L * mss);
    }

    /** Section 4.6 and 4.7: remember where the loss happened, lowering W_max further if it keeps falling. */
    @Override
    protected void onWindowReduced(long nowNanos, Cause cause, long cwndBefore) {
        epochStartNanos = -1;
        growthCarry = 0;
        cwndPrior = (double) cwndBefore / mss;
        if (cause == Cause.RTO) {
            wMax = 0; // section 4.8: the next epoch starts from the window it reaches, with K = 0
        } else if (fastConvergence && cwndPrior < wMax) {
            wMax = cwndPrior * (1 + BETA) / 2;
        } else {
            wMax = cwndPrior;
        }
    }

    @Override
    protected void growInCongestionAvoidance(long nowNanos, long ackedBytes, long rttNanos) {
        double cwndSegments = (double) cwnd / mss;
        if (epochStartNanos < 0) {
            startEpoch(nowNanos, cwndSegments);
        }
        double ackedSegments = (double) ackedBytes / mss;
        // Section 4.3: W_est grows like Reno's window, with alpha = 1 once it passed the window before the loss.
        double alpha = wEst >= cwndPrior ? 1 : ALPHA;
        wEst += alpha * ackedSegments / cwndSegments;

        double t = (nowNanos - epochStartNanos) / NANOS_PER_SECOND;
        if (cubicWindow(t) < wEst) {
            growTo(wEst * mss); // section 4.3: the Reno-friendly region
        } else {
            // Section 4.4 and 4.5: aim at W_cubic one RTT ahead, within [cwnd, 1.5 cwnd], and close the gap in
            // proportion to the share of the window this ACK covers.
            double rttSeconds = rttNanos > 0 ? rttNanos / NANOS_PER_SECOND : 0;
            double targetSegments = Math.clamp(cubicWindow(t + rttSeconds), cwndSegments, 1.5 * cwndSegments);
            growBy((targetSegments - cwndSegments) * mss * ackedBytes / cwnd);
        }
    }

    private void startEpoch(long nowNanos, double cwndSegments) {
        epochStartNanos = nowNanos;
        if (wMax <= cwndSegments) {
            wMax = cwndSegments;
            k = 0;
        } else {
            k = Math.cbrt((wMax - cwndSegments) / C);
        }
        wEst = cwndSegments;
    }

    private void growTo(double bytes) {
        if (bytes > cwnd) {
            cwnd = (long) bytes;
            growthCarry = bytes - cwnd;
        }
    }

    private void growBy(double bytes) {
        growthCarry += bytes;
        long whole = (long) growthCarry;
        cwnd += whole;
        growthCarry -= whole;
    }
}
