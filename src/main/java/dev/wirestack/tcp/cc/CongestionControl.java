package dev.wirestack.tcp.cc;

/**
 * A congestion controller: it owns the congestion window (cwnd) and the slow-start threshold (ssthresh) of one
 * connection, and nothing else. What to (re)transmit is the connection's loss recovery's business (RFC 6582 NewReno or
 * RFC 6675 SACK); the controller only says how many bytes may be in flight.
 *
 * <p>The connection drives it with the events below, each with the time {@code nowNanos} (a monotonic clock of the
 * driver's choosing; the controller reads no clock). Sizes are in bytes. One instance serves one connection; a
 * {@link CongestionControlFactory} makes a fresh one per connection.
 *
 * <p>Recovery protocol: the connection calls {@link #onCongestionEvent} with {@link Cause#DUPACK} once when it enters
 * fast recovery (RFC 5681 section 3.2, RFC 6582 section 3.2 step 2) and {@link #onRecoveryExit} when a full ACK ends
 * it. In between, ACKs of new data are partial ACKs and do not grow the window. A connection without SACK that uses
 * RFC 6582 window inflation also calls {@link #onDuplicateAcksInRecovery}; a SACK connection (RFC 6675) does not.
 */
public interface CongestionControl {

    /** What signalled congestion. */
    enum Cause {
        /** Fast retransmit: three duplicate ACKs or SACK loss detection (RFC 5681 section 3.2, RFC 6675 section 5). */
        DUPACK,
        /** The retransmission timer expired (RFC 5681 section 3.1, equation 4, and the loss window). */
        RTO,
        /** The peer echoed an ECN Congestion Experienced mark (RFC 3168 section 6.1.2): reduce, retransmit nothing. */
        ECN
    }

    /** A short stable name for traces and configuration, e.g. {@code "newreno"}. */
    String name();

    /**
     * New data was cumulatively acknowledged.
     *
     * @param ackedBytes    bytes newly acknowledged by this ACK (SND.UNA advance)
     * @param rttNanos      the connection's current smoothed RTT, or a negative value when it has none yet
     * @param bytesInFlight bytes outstanding after this ACK
     */
    void onAck(long nowNanos, long ackedBytes, long rttNanos, long bytesInFlight);

    /**
     * Congestion was detected. Reduces ssthresh and cwnd; for {@link Cause#DUPACK} also enters recovery (ignored if
     * already in recovery: one reduction per window of data, RFC 6582 section 3.2).
     *
     * @param bytesInFlight FlightSize when the congestion was detected (RFC 5681 section 3.1, equation 4)
     */
    void onCongestionEvent(long nowNanos, Cause cause, long bytesInFlight);

    /**
     * RFC 5681 section 3.2 steps 3 and 4 (NewReno without SACK only): inflate cwnd by one SMSS per duplicate ACK, for
     * the segment that left the network. Call it with 3 right after entering recovery, then with 1 per further
     * duplicate ACK. Ignored outside recovery.
     */
    void onDuplicateAcksInRecovery(int count);

    /**
     * A full ACK ended fast recovery (RFC 6582 section 3.2 step 6): cwnd becomes {@code min(ssthresh,
     * max(FlightSize, SMSS) + SMSS)}, which avoids a burst when little data is in flight.
     */
    void onRecoveryExit(long nowNanos, long bytesInFlight);

    /** The effective MSS changed (for example after path MTU discovery); windows keep their size in segments. */
    void onMssChange(int mss);

    /** The congestion window in bytes: at most this many bytes may be in flight. */
    long window();

    /** The slow-start threshold in bytes; {@link Long#MAX_VALUE} until the first congestion event. */
    long ssthresh();

    /** Whether the controller is between a {@link Cause#DUPACK} event and {@link #onRecoveryExit}. */
    boolean inRecovery();

    /** A snapshot for tracing (cwnd/ssthresh charts). */
    CcMetrics metrics();
}
