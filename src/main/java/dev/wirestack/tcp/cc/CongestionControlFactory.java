package dev.wirestack.tcp.cc;

/**
 * Makes a fresh {@link CongestionControl} for each connection (ns-3's {@code Fork}, quinn's {@code
 * ControllerFactory}), so that no state is shared between connections. {@code NewReno::new} and {@code Cubic::new}
 * are factories.
 */
@FunctionalInterface
public interface CongestionControlFactory {
    /**
     * @param nowNanos the time the connection starts, on the driver's monotonic clock
     * @param mss      the connection's sender maximum segment size (SMSS) in bytes
     */
    CongestionControl create(long nowNanos, int mss);
}
