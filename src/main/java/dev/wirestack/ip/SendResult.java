package dev.wirestack.ip;

/** What became of an application's send at the moment it was called (the frames leave in the next poll). */
public enum SendResult {
    /** Accepted: it leaves in the next pollTransmit (or waits for ARP). */
    QUEUED,
    /** No route to the destination: nothing will be sent. */
    NO_ROUTE,
    /** The host's queue of sends not yet processed is full: nothing will be sent. */
    BUFFER_FULL
}
