package dev.wirestack.http.codec;

import java.util.List;
import java.util.Objects;

/**
 * One HTTP/1.0 or 1.1 connection, sans-I/O and h11-shaped (RFC 9110, RFC 9112): feed it what the transport read with
 * {@link #receiveData} (and {@link #receiveEof} at the end of the stream), take events with {@link #nextEvent()}
 * until it says {@link Signal#NEED_DATA} or {@link Signal#PAUSED}, and turn the events this side sends into bytes
 * with {@link #send}. It never does I/O, never reads a clock, and is single-threaded.
 *
 * <p>The state machine is in {@link ConnectionStates}; this class decides framing and persistence: HTTP/1.1 is
 * persistent unless {@code Connection: close}, HTTP/1.0 only with {@code Connection: keep-alive} (RFC 9112 section
 * 9.3). When both sides have finished their messages on a persistent connection the next cycle starts by itself, so
 * pipelined requests are read one after another, each once the previous response is complete.
 *
 * <p>Errors: a peer that breaks the protocol gets a {@link RemoteProtocolError} whose status hint a server answers
 * with (and their side is in {@link ConnState#ERROR}); a caller that sends what the state or framing forbids gets a
 * {@link LocalProtocolError}. No other exception leaves for any input.
 */
public final class Http1Connection {
    private final Role ourRole;
    private final Role theirRole;
    private final HttpLimits limits;
    private final ConnectionStates states = new ConnectionStates();
    private final ReceiveBuffer buffer = new ReceiveBuffer();
    private final HeadReader headReader;
    private BodyReader bodyReader;
    private BodyWriter bodyWriter;
    private boolean eofReceived;
    private RemoteProtocolError remoteError;
    /** The method of the request in this cycle (sent by a client, received by a server), for response framing. */
    private String requestMethod;
    private HttpVersion peerVersion = HttpVersion.HTTP_1_1;
    private boolean theyAreWaitingFor100Continue;

    public Http1Connection(Role ourRole, HttpLimits limits) {
        this.ourRole = Objects.requireNonNull(ourRole, "ourRole");
        this.theirRole = ourRole.peer();
        this.limits = Objects.requireNonNull(limits, "limits");
        this.headReader = new HeadReader(theirRole, limits);
    }

    public Role ourRole() {
        return ourRole;
    }

    public ConnState ourState() {
        return states.state(ourRole);
    }

    public ConnState theirState() {
        return states.state(theirRole);
    }

    /** False once either side said this is the last message on the connection. */
    public boolean keepAlive() {
        return states.keepAlive();
    }

    /** The client sent {@code Expect: 100-continue} and waits: a server sends 100 Continue before reading the body. */
    public boolean theyAreWaitingFor100Continue() {
        return theyAreWaitingFor100Continue;
    }

    /** The HTTP version of the peer's last message head. */
    public HttpVersion peerVersion() {
        return peerVersion;
    }

    /** Bytes received and not yet turned into events (pipelined requests wait here while {@link Signal#PAUSED}). */
    public int bufferedBytes() {
        return buffer.size();
    }

    public void receiveData(byte[] data) {
        receiveData(data, 0, data.length);
    }

    public void receiveData(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (eofReceived) {
            throw new LocalProtocolError("data received after the end of the stream");
        }
        buffer.append(data, offset, length);
    }

    /** The transport read the end of the stream. */
    public void receiveEof() {
        eofReceived = true;
    }

    /**
     * The next event the peer sent, or {@link Signal#NEED_DATA} / {@link Signal#PAUSED}.
     *
     * @throws RemoteProtocolError when the peer broke the protocol (again on every later call)
     */
    public Step nextEvent() {
        if (remoteError != null) {
            throw remoteError;
        }
        try {
            Step step = extractEvent();
            if (step instanceof HttpEvent event) {
                processReceived(event);
            }
            return step;
        } catch (RemoteProtocolError e) {
            remoteError = e;
            states.error(theirRole);
            throw e;
        }
    }

    private Step extractEvent() {
        ConnState their = theirState();
        ConnState ours = ourState();
        // A server reads a new request only between messages; a client reads the response whatever it sent.
        boolean readHead = ourRole == Role.SERVER ? their == ConnState.IDLE && ours == ConnState.IDLE
                : their == ConnState.IDLE || their == ConnState.SEND_RESPONSE;
        if (readHead) {
            HttpEvent head = headReader.read(buffer);
            if (head != null) {
                return head;
            }
            if (!eofReceived) {
                return Signal.NEED_DATA;
            }
            if (buffer.isEmpty()) {
                return new HttpEvent.ConnectionClosed();
            }
            throw new RemoteProtocolError(400, "the connection closed in the middle of a message head");
        }
        if (their == ConnState.SEND_BODY) {
            HttpEvent event = bodyReader.read(buffer);
            if (event != null) {
                return event;
            }
            return eofReceived ? bodyReader.readEof() : Signal.NEED_DATA;
        }
        // Their message is complete (or they must close): the next one waits for the next cycle.
        if (eofReceived && buffer.isEmpty() && their != ConnState.ERROR) {
            return new HttpEvent.ConnectionClosed();
        }
        return Signal.PAUSED;
    }

    private void processReceived(HttpEvent event) {
        switch (event) {
            case HttpEvent.Request request -> {
                checkHost(request);
                Framing framing = Framing.ofRequest(request, limits);
                processTheirs(EventType.REQUEST);
                requestMethod = request.method();
                peerVersion = request.version();
                bodyReader = BodyReader.of(framing, limits);
                theyAreWaitingFor100Continue = request.version() == HttpVersion.HTTP_1_1
                        && request.headers().hasToken("Expect", "100-continue");
                if (!wantsKeepAlive(request.version(), request.headers())) {
                    states.disableKeepAlive();
                }
            }
            case HttpEvent.Response response when response.isInformational() -> {
                if (response.status() == 101) {
                    throw new RemoteProtocolError(502, "101 Switching Protocols without an upgrade asked for");
                }
                processTheirs(EventType.INFORMATIONAL_RESPONSE);
            }
            case HttpEvent.Response response -> {
                boolean unsolicited = theirState() == ConnState.IDLE;
                Framing framing = Framing.ofResponse(unsolicited ? null : requestMethod, response, limits);
                processTheirs(EventType.RESPONSE);
                peerVersion = response.version();
                bodyReader = BodyReader.of(framing, limits);
                if (unsolicited || framing instanceof Framing.UntilClose
                        || !wantsKeepAlive(response.version(), response.headers())) {
                    states.disableKeepAlive();
                }
            }
            case HttpEvent.Data data -> {
                theyAreWaitingFor100Continue = false;
                processTheirs(EventType.DATA);
            }
            case HttpEvent.EndOfMessage end -> {
                theyAreWaitingFor100Continue = false;
                processTheirs(EventType.END_OF_MESSAGE);
            }
            case HttpEvent.ConnectionClosed closed -> processTheirs(EventType.CONNECTION_CLOSED);
        }
    }

    private void processTheirs(EventType type) {
        try {
            states.process(theirRole, type);
        } catch (IllegalStateException e) {
            throw new RemoteProtocolError(400, e.getMessage());
        }
    }

    /** RFC 9112 section 3.2: an HTTP/1.1 request without exactly one Host, or any with several, is answered 400. */
    private static void checkHost(HttpEvent.Request request) {
        int hosts = request.headers().count("Host");
        if (hosts > 1 || (hosts == 0 && request.version() == HttpVersion.HTTP_1_1)) {
            throw new RemoteProtocolError(400, hosts == 0 ? "an HTTP/1.1 request without Host" : hosts + " Host fields");
        }
    }

    private static boolean wantsKeepAlive(HttpVersion version, Headers headers) {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return version == HttpVersion.HTTP_1_1 || headers.hasToken("Connection", "keep-alive");
    }

    /**
     * The bytes that carry {@code event} to the peer. A server's response head gets its framing and persistence
     * fields set here (Transfer-Encoding: chunked when no length is given to an HTTP/1.1 client, Connection: close or
     * keep-alive), as h11 does.
     *
     * @throws LocalProtocolError if the state or the framing does not allow {@code event} now
     */
    public byte[] send(HttpEvent event) {
        EventType type = EventType.of(event);
        if (!states.allows(ourRole, type)) {
            throw new LocalProtocolError("cannot send " + type + " when this " + ourRole.name().toLowerCase()
                    + " is in state " + ourState() + " (the peer is in " + theirState() + ")");
        }
        try {
            return switch (event) {
                case HttpEvent.Request request -> sendRequest(request);
                case HttpEvent.Response response -> sendResponse(response, null);
                case HttpEvent.Data data -> {
                    byte[] bytes = bodyWriter.data(data.bytes());
                    states.process(ourRole, type);
                    yield bytes;
                }
                case HttpEvent.EndOfMessage end -> {
                    byte[] bytes = bodyWriter.end(end.trailers());
                    states.process(ourRole, type);
                    yield bytes;
                }
                case HttpEvent.ConnectionClosed closed -> {
                    states.process(ourRole, type);
                    yield new byte[0];
                }
            };
        } catch (LocalProtocolError e) {
            states.error(ourRole);
            throw e;
        }
    }

    /**
     * {@code send(response)}, {@code send(new Data(body))} and {@code send(EndOfMessage.NO_TRAILERS)} at once, for a
     * final response whose whole body is at hand: head and body in one array, without the Data event and the copy it
     * costs. The response must frame the body by a Content-Length of its size (or have none, as to HEAD, 204, 304).
     *
     * @throws LocalProtocolError if the state does not allow a response now or the framing does not fit the body
     */
    public byte[] sendWhole(HttpEvent.Response response, byte[] body) {
        Objects.requireNonNull(body, "body");
        if (response.isInformational() || !states.allows(ourRole, EventType.RESPONSE)) {
            throw new LocalProtocolError("cannot send a whole response " + response.status() + " when this "
                    + ourRole.name().toLowerCase() + " is in state " + ourState());
        }
        try {
            return sendResponse(response, body);
        } catch (LocalProtocolError e) {
            states.error(ourRole);
            throw e;
        }
    }

    private byte[] sendRequest(HttpEvent.Request request) {
        if (ourRole != Role.CLIENT) {
            throw new LocalProtocolError("a server does not send requests");
        }
        Headers headers = request.headers();
        if (headers.count("Host") != 1) {
            throw new LocalProtocolError("an HTTP/1.1 request needs exactly one Host field");
        }
        Framing framing;
        if (headers.has("Transfer-Encoding")) {
            if (!headers.tokens("Transfer-Encoding").equals(List.of("chunked")) || headers.has("Content-Length")) {
                throw new LocalProtocolError("a request body is framed by chunked alone or by Content-Length");
            }
            framing = new Framing.Chunked();
        } else if (headers.has("Content-Length")) {
            framing = new Framing.Length(localContentLength(headers));
        } else {
            framing = Framing.NoBody.INSTANCE;
        }
        byte[] head = HeadWriter.request(request);
        bodyWriter = BodyWriter.of(framing);
        requestMethod = request.method();
        states.process(ourRole, EventType.REQUEST);
        if (headers.hasToken("Connection", "close")) {
            states.disableKeepAlive();
        }
        return head;
    }

    /** The head of {@code response}; with {@code wholeBody} (null: the body follows as events) after it, complete. */
    private byte[] sendResponse(HttpEvent.Response response, byte[] wholeBody) {
        if (ourRole != Role.SERVER) {
            throw new LocalProtocolError("a client does not send responses");
        }
        if (response.isInformational()) {
            if (response.status() == 101) {
                throw new LocalProtocolError("protocol switching is not supported");
            }
            byte[] head = HeadWriter.response(response.status(), response.reason(), response.headers(),
                    BodyWriter.NOTHING);
            theyAreWaitingFor100Continue = false;
            states.process(ourRole, EventType.INFORMATIONAL_RESPONSE);
            return head;
        }
        boolean unsolicited = ourState() == ConnState.IDLE;
        boolean peer10 = unsolicited || peerVersion == HttpVersion.HTTP_1_0;
        boolean close = unsolicited || !states.keepAlive() || response.headers().hasToken("Connection", "close");
        int status = response.status();
        Headers headers = response.headers().without("Connection");
        Framing framing;
        if ((!unsolicited && "HEAD".equals(requestMethod)) || status == 204 || status == 304) {
            framing = Framing.NoBody.INSTANCE;
        } else if (headers.has("Transfer-Encoding")) {
            if (!headers.tokens("Transfer-Encoding").equals(List.of("chunked")) || headers.has("Content-Length")) {
                throw new LocalProtocolError("a response body is framed by chunked alone or by Content-Length");
            }
            if (peer10) {
                headers = headers.without("Transfer-Encoding");
                framing = new Framing.UntilClose();
                close = true;
            } else {
                framing = new Framing.Chunked();
            }
        } else if (headers.has("Content-Length")) {
            framing = new Framing.Length(localContentLength(headers));
        } else if (!peer10) {
            headers = headers.with("Transfer-Encoding", "chunked");
            framing = new Framing.Chunked();
        } else {
            framing = new Framing.UntilClose();
            close = true;
        }
        if (close) {
            headers = headers.with("Connection", "close");
        } else if (peerVersion == HttpVersion.HTTP_1_0) {
            headers = headers.with("Connection", "keep-alive");
        }
        if (wholeBody != null && !(framing instanceof Framing.Length length ? length.bytes() == wholeBody.length
                : framing instanceof Framing.NoBody && wholeBody.length == 0)) {
            throw new LocalProtocolError("a whole body of " + wholeBody.length + " bytes needs a Content-Length of"
                    + " its size");
        }
        byte[] head = HeadWriter.response(status, response.reason(), headers,
                wholeBody == null ? BodyWriter.NOTHING : wholeBody);
        bodyWriter = wholeBody == null ? BodyWriter.of(framing) : BodyWriter.LengthWriter.NONE;
        theyAreWaitingFor100Continue = false;
        states.process(ourRole, EventType.RESPONSE);
        if (close) {
            states.disableKeepAlive();
        }
        if (wholeBody != null) {
            states.process(ourRole, EventType.END_OF_MESSAGE);
        }
        return head;
    }

    private static long localContentLength(Headers headers) {
        try {
            return Framing.contentLength(headers, 500);
        } catch (RemoteProtocolError e) {
            throw new LocalProtocolError(e.getMessage());
        }
    }

    /**
     * This side cannot go on (the transport failed, a handler crashed): its state becomes {@link ConnState#ERROR},
     * so that nothing more is sent on the connection.
     */
    public void sendFailed() {
        states.error(ourRole);
    }

    @Override
    public String toString() {
        return "Http1Connection[" + ourRole + " " + ourState() + ", peer " + theirState() + ", keep-alive "
                + keepAlive() + ", buffered " + buffer.size() + "]";
    }
}
