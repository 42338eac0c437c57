package dev.wirestack.runtime;

import java.io.IOException;

/**
 * A source and sink of Ethernet frames that a {@link RealTimeDriver} runs a node on: a TAP interface, or a wrapper
 * around one (capture, fault injection). Only the driver's loop thread calls it, except {@link #wakeUp}.
 */
public interface FrameDevice extends AutoCloseable {

    /** The next frame waiting (Ethernet header onwards), or null when none is waiting now. Never blocks. */
    byte[] receive() throws IOException;

    /**
     * Puts one frame on the wire, now or after the next {@link #flush}: the device may keep the array until it is
     * written (a writer thread, an impairment's delay), so the caller hands it over and does not change it after.
     */
    void send(byte[] frame) throws IOException;

    /**
     * Ends a burst of {@link #send}s: frames a device held to write together go out now. The driver calls it after
     * each drain of the node's transmit queue.
     */
    default void flush() throws IOException {
    }

    /**
     * Blocks until a frame may be waiting, {@link #wakeUp} is called, or {@code timeoutNanos} pass (it may return
     * early; the caller checks again).
     */
    void await(long timeoutNanos) throws IOException;

    /** From any thread: makes the current or the next {@link #await} return at once. */
    void wakeUp();

    /** Releases the device; the loop thread calls it once, last. */
    @Override
    void close();
}
