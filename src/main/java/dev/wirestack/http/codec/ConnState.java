package dev.wirestack.http.codec;

/** The state of one side of an HTTP/1 connection (h11's states, without protocol switching). */
public enum ConnState {
    /** Between messages. */
    IDLE,
    /** Server only: the client sent a request head; the response head is due. */
    SEND_RESPONSE,
    /** The head was sent; body data and the end of the message follow. */
    SEND_BODY,
    /** The message is complete; waiting for the other side to finish its own. */
    DONE,
    /** The message is complete and the connection will not be reused: only closing remains. */
    MUST_CLOSE,
    CLOSED,
    /** A protocol error: nothing more can be sent or received in this direction. */
    ERROR
}
