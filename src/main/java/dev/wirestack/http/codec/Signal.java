package dev.wirestack.http.codec;

/** What {@link Http1Connection#nextEvent()} returns when it has no event to give. */
public enum Signal implements Step {
    /** Feed more bytes ({@link Http1Connection#receiveData}) or the end of the stream. */
    NEED_DATA,
    /**
     * The peer finished its message and the next one must wait until this side has finished its own (pipelined
     * requests are answered in order): stop reading from the transport until then, so buffered input stays bounded.
     */
    PAUSED
}
