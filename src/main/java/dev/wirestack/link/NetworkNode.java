package dev.wirestack.link;

/**
 * Anything with numbered ports that frames go in and out of, driven by time: a host, a router, a switch.
 *
 * <p>This is the sans-I/O contract between a node and whatever drives it (the simulator or a real-time loop on a
 * TAP device). The driver hands in frames with {@link #receiveFrame}, drains {@link #pollTransmit} after every call,
 * and calls {@link #onTimeout} once the clock reaches {@link #nextDeadline}. A node never reads a clock, sleeps or
 * starts a thread; {@code nowNanos} is the only time it knows.
 */
public interface NetworkNode {

    /** A frame (Ethernet header onwards, no FCS) arrived on {@code port}. Malformed frames are dropped, never thrown. */
    void receiveFrame(long nowNanos, int port, byte[] frame);

    /** The next frame to put on the wire, or null when there is none. */
    Transmission pollTransmit(long nowNanos);

    /** When {@link #onTimeout} wants to run next, or {@link Long#MAX_VALUE} when no timer is pending. */
    long nextDeadline();

    /** Runs the timers that are due at {@code nowNanos}. */
    void onTimeout(long nowNanos);

    /** A frame to send, and the port to send it from. */
    record Transmission(int port, byte[] frame) {
    }
}
