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

    /**
     * Whether this node may still refer to a frame's array after {@link #receiveFrame} returned (it queues or forwards
     * it, say). A node that only reads the frame during the call says false, and its driver may then hand the array
     * back to the sender ({@link #reuseFrame}) as soon as the call returns. The safe default is true.
     */
    default boolean keepsReceivedFrames() {
        return true;
    }

    /**
     * The driver gives back an array this node returned from {@link #pollTransmit}: nothing refers to it any more
     * (the simulator calls this once a frame was delivered to a node that does not keep frames, or lost; a TAP writer
     * may call it once it copied the frame out), so the node may write a later frame into it. A driver never gives
     * an array back twice, nor one it still holds or passed on. By default the array is left to the garbage
     * collector.
     */
    default void reuseFrame(byte[] frame) {
    }

    /** A frame to send, and the port to send it from. */
    record Transmission(int port, byte[] frame) {
    }
}
