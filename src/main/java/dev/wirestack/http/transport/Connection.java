package dev.wirestack.http.transport;

/**
 * A non-blocking byte-stream connection, the seam between HTTP and whatever carries it: Wirestack TCP
 * ({@link WirestackNetwork}), the JDK's sockets ({@link NioNetwork}), later TLS over either. Calls and callbacks
 * happen on the thread of the connection's {@link EventLoop}.
 */
public interface Connection {
    /** Reads up to {@code length} bytes: how many, 0 when none are there now, -1 at the end of the stream. */
    int read(byte[] into, int offset, int length);

    /** Writes up to {@code length} bytes and returns how many were taken; after a short write, wait for onWritable. */
    int write(byte[] data, int offset, int length);

    /** Half-close: no more writes; the peer reads the end of the stream after the data written. */
    void shutdownOutput();

    /** Closes gracefully, after the data written. */
    void close();

    /** Closes at once (a reset where the transport has one), dropping what was not sent. */
    void abort();

    /**
     * Whether {@link Listener#onReadable} should be called. A reader that stops taking data (a server waiting to
     * answer a pipelined request) turns it off, so the transport applies back-pressure instead of waking it again.
     */
    void readInterest(boolean interested);

    /** Sets the one listener; if data or the end of the stream is already waiting, onReadable follows. */
    void listener(Listener listener);

    /** The loop this connection's calls and callbacks happen on (one of several when a network runs a group). */
    EventLoop loop();

    /** The peer's address, for logs and handlers ("10.1.0.2:40000"). */
    String remoteAddress();

    /** What happens to a connection. */
    interface Listener {
        /** Data or the end of the stream can be read. */
        void onReadable();

        /** A short write left room again. */
        void onWritable();

        /** The connection is over: {@code error} is null after a clean close, else why it failed. */
        void onClosed(String error);
    }
}
