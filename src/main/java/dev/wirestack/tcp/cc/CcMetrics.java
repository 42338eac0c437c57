package dev.wirestack.tcp.cc;

/**
 * What a congestion controller reports to traces: its window, threshold and phase.
 *
 * @param algorithm      {@link CongestionControl#name()}
 * @param cwndBytes      the congestion window
 * @param ssthreshBytes  the slow-start threshold, {@link Long#MAX_VALUE} before the first congestion event
 * @param mss            the sender maximum segment size the windows are counted in
 * @param phase          what the controller is doing
 */
public record CcMetrics(String algorithm, long cwndBytes, long ssthreshBytes, int mss, Phase phase) {

    /** The phases of RFC 5681: slow start, congestion avoidance, and fast recovery. */
    public enum Phase { SLOW_START, CONGESTION_AVOIDANCE, RECOVERY }
}
