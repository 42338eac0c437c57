package dev.wirestack.http.server;

import dev.wirestack.http.codec.ConnState;
import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.Http1Connection;
import dev.wirestack.http.codec.HttpEvent;
import dev.wirestack.http.codec.HttpVersion;
import dev.wirestack.http.codec.LocalProtocolError;
import dev.wirestack.http.codec.RemoteProtocolError;
import dev.wirestack.http.codec.Role;
import dev.wirestack.http.codec.Signal;
import dev.wirestack.http.codec.StatusCodes;
import dev.wirestack.http.codec.Step;
import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.WriteQueue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Serves one connection: moves bytes between the transport and the codec, calls the handler per request, pulls
 * response bodies as the transport takes them, and keeps the timers. Pipelined requests are answered in order: the
 * codec pauses after each request until its response is complete, and the transport stops being read meanwhile.
 *
 * <p>Timers, one at a time: HEADER from the accept and from the first byte of each later request until its head is
 * complete (408, then close); IDLE between requests on a persistent connection (close); LINGER after the last
 * response, while input is read and discarded (then close).
 */
final class ServerConnection implements Connection.Listener {
    private enum TimerKind { NONE, HEADER, IDLE, LINGER }

    private static final int CHUNK = 16384;
    private static final Headers.Field[] SHARED_LENGTHS = new Headers.Field[4096];

    private final Connection transport;
    private final EventLoop loop;
    private final ServerConfig config;
    private final HttpHandler handler;
    private final Http1Connection codec;
    private final byte[] readBuffer = new byte[CHUNK];
    private final WriteQueue outbound;
    private final DateField dates;
    private final Runnable onEnd;

    /** The Server field, when the server names itself. */
    private final Headers.Field serverField;
    /**
     * The last response's fields with the server's added, and what they were made of: a handler answering with
     * the same Headers each time (a constant) gets the same merged ones while the Date and length fields stay.
     */
    private Headers mergedFrom;
    private Headers.Field mergedDate;
    private Headers.Field mergedLength;
    private Headers merged;

    private HttpExchange exchange;
    private boolean requestComplete;
    private Body sending;
    /** What the body being sent has still to give by its length, or -1 when it has no length. */
    private long sendingLeft;
    /** Where the read that should find a body's end goes: any byte it gets is one more than the body's length. */
    private final byte[] endProbe = new byte[1];
    private boolean suppressBody;
    private boolean readingPaused;

    private TimerKind timerKind = TimerKind.NONE;
    private long deadline;
    private EventLoop.Cancellable wakeUp;
    private long wakeUpAt;
    private boolean processing;
    private boolean processAgain;
    private boolean lingering;
    private boolean finished;
    /** The server is shutting down: the response in progress is the last, then the connection closes. */
    private boolean draining;
    /** A half-close waits for the bytes queued before it. */
    private boolean lingerWhenWritten;

    ServerConnection(Connection transport, EventLoop loop, ServerConfig config, HttpHandler handler,
                     DateField dates, Runnable onEnd) {
        this.transport = transport;
        this.loop = loop;
        this.config = config;
        this.handler = handler;
        this.codec = new Http1Connection(Role.SERVER, config.limits());
        this.outbound = new WriteQueue(transport);
        this.dates = dates;
        this.onEnd = onEnd;
        this.serverField = config.serverName() == null ? null : new Headers.Field("Server", config.serverName());
    }

    void start() {
        arm(TimerKind.HEADER, config.headerTimeout());
        transport.listener(this);
    }

    /**
     * Ends the connection gracefully, on the loop: at once (FIN, RFC 9112 section 9.6) between requests; after the
     * response in progress otherwise, which says {@code Connection: close} unless its head has already left.
     * Requests pipelined behind it are not answered: the client sees the close and may retry them.
     */
    void shutdown() {
        if (finished || lingering) {
            return;
        }
        draining = true;
        if (betweenRequests()) {
            beginLinger();
        }
    }

    private boolean betweenRequests() {
        return exchange == null && sending == null;
    }

    EventLoop loop() {
        return loop;
    }

    /** The connection is over, for good: the server stops counting it, once. */
    private void end() {
        if (!finished) {
            finished = true;
            onEnd.run();
        }
    }

    // ---- Transport events ------------------------------------------------------------------------------------

    @Override
    public void onReadable() {
        if (lingering) {
            discardInput();
        } else {
            process();
        }
    }

    @Override
    public void onWritable() {
        flush();
        pump();
        process();
    }

    @Override
    public void onClosed(String error) {
        end();
        cancelTimer();
        closeBody();
    }

    // ---- Reading requests ------------------------------------------------------------------------------------

    /** Runs the event loop of the codec; re-entrant calls (a handler responding at once) run it again after. */
    private void process() {
        if (processing) {
            processAgain = true;
            return;
        }
        processing = true;
        try {
            do {
                processAgain = false;
                processEvents();
            } while (processAgain);
        } finally {
            processing = false;
        }
        // Every response this read produced (pipelined ones too) leaves in one write.
        flush();
    }

    private void processEvents() {
        while (!finished && !lingering && !lingerWhenWritten) {
            if (draining && betweenRequests()) {
                beginLinger();
                return;
            }
            Step step;
            try {
                step = codec.nextEvent();
            } catch (RemoteProtocolError e) {
                protocolError(e.statusHint(), e.getMessage());
                return;
            }
            switch (step) {
                case Signal.NEED_DATA -> {
                    if (!readMore()) {
                        return;
                    }
                }
                case Signal.PAUSED -> {
                    pauseReading(true);
                    return;
                }
                case HttpEvent.Request request -> startExchange(request);
                case HttpEvent.Data data -> {
                    if (exchange != null && exchange.bodyListener() != null) {
                        exchange.bodyListener().onData(data.bytes());
                    }
                }
                case HttpEvent.EndOfMessage end -> requestEnded(end.trailers());
                case HttpEvent.ConnectionClosed closed -> {
                    // The client half-closed: answer what it asked, then close.
                    if (exchange == null) {
                        beginLinger();
                    }
                    return;
                }
                case HttpEvent.Response response -> throw new IllegalStateException("a server codec read a response");
            }
        }
    }

    /** Feeds the codec from the transport; false when nothing more is there now. */
    private boolean readMore() {
        int n = transport.read(readBuffer, 0, readBuffer.length);
        if (n > 0) {
            codec.receiveData(readBuffer, 0, n);
            if (timerKind == TimerKind.IDLE) {
                arm(TimerKind.HEADER, config.headerTimeout()); // a new request began: its head has a deadline
            }
            return true;
        }
        if (n < 0) {
            codec.receiveEof();
            return true;
        }
        pauseReading(false);
        if (timerKind == TimerKind.NONE && exchange == null && codec.ourState() == ConnState.IDLE
                && codec.theirState() == ConnState.IDLE) {
            arm(codec.bufferedBytes() == 0 ? TimerKind.IDLE : TimerKind.HEADER,
                    codec.bufferedBytes() == 0 ? config.idleTimeout() : config.headerTimeout());
        }
        return false;
    }

    private void pauseReading(boolean pause) {
        if (pause != readingPaused) {
            readingPaused = pause;
            transport.readInterest(!pause);
        }
    }

    private void startExchange(HttpEvent.Request head) {
        cancelTimer();
        HttpRequest request = HttpRequest.of(head, transport.remoteAddress());
        HttpExchange current = new HttpExchange(this, request);
        exchange = current;
        requestComplete = false;
        String expect = head.headers().get("Expect");
        if (expect != null && !codec.theyAreWaitingFor100Continue()) {
            current.respond(HttpResponse.error(417)); // RFC 9110 section 10.1.1: an expectation not met
            return;
        }
        try {
            handler.handle(current);
        } catch (Exception | LinkageError | AssertionError e) {
            if (!current.responded()) {
                current.respond(HttpResponse.error(500).withHeader("Connection", "close"));
            } else {
                fail();
            }
        }
    }

    /** The Content-Length field for {@code length}; the fields of small bodies made once and shared. */
    private static Headers.Field contentLength(long length) {
        if (length >= SHARED_LENGTHS.length) {
            return new Headers.Field("Content-Length", Long.toString(length));
        }
        Headers.Field field = SHARED_LENGTHS[(int) length];
        if (field == null) {
            // A race makes two equal fields, one of which is kept: harmless, a field is immutable.
            field = new Headers.Field("Content-Length", Long.toString(length));
            SHARED_LENGTHS[(int) length] = field;
        }
        return field;
    }

    void bodyWanted(HttpExchange wanting) {
        if (wanting == exchange && codec.theyAreWaitingFor100Continue()) {
            enqueue(codec.send(new HttpEvent.Response(100, Headers.EMPTY)));
            flush();
        }
    }

    private void requestEnded(Headers trailers) {
        requestComplete = true;
        HttpExchange current = exchange;
        if (current != null && current.bodyListener() != null) {
            current.bodyListener().onEnd(trailers);
        }
        if (current != null && current == exchange && sending == null && current.responded()) {
            exchange = null; // the response was complete before the request
        }
    }

    // ---- Sending responses -----------------------------------------------------------------------------------

    void respond(HttpExchange responding, HttpResponse response) {
        if (responding != exchange || finished || lingering) {
            closeQuietly(response.body());
            return;
        }
        Headers headers = response.headers();
        int status = response.status();
        boolean bodiless = status == 204 || status == 304;
        // The server's own fields, added in one copy of the handler's.
        boolean addServer = config.serverName() != null && !headers.has("Server");
        boolean addDate = config.wallClock() != null && !headers.has("Date");
        boolean addLength = !bodiless && response.body().length() >= 0 && !headers.has("Content-Length")
                && !headers.has("Transfer-Encoding");
        int adding = (addServer ? 1 : 0) + (addDate ? 1 : 0) + (addLength ? 1 : 0);
        if (adding > 0) {
            Headers.Field date = addDate ? dates.field() : null;
            Headers.Field length = addLength ? contentLength(response.body().length()) : null;
            if (headers != mergedFrom || date != mergedDate || length != mergedLength) {
                Headers.Field[] added = new Headers.Field[adding];
                int at = 0;
                if (addServer) {
                    added[at++] = serverField;
                }
                if (date != null) {
                    added[at++] = date;
                }
                if (length != null) {
                    added[at] = length;
                }
                mergedFrom = headers;
                mergedDate = date;
                mergedLength = length;
                merged = headers.with(added);
            }
            headers = merged;
        }
        if (codec.theyAreWaitingFor100Continue() || draining) {
            // The body they hold back will never be read; or the server is shutting down after this response.
            headers = headers.set("Connection", "close");
        }
        boolean suppress = bodiless || "HEAD".equals(responding.request().method());
        // A small body in an array whose length the server announced leaves with the head, in one array.
        byte[] whole = addLength && !suppress && response.body().length() <= CHUNK
                && response.body() instanceof ArrayBody array ? array.unread() : null;
        HttpEvent.Response head = new HttpEvent.Response(status, StatusCodes.reason(status), headers,
                HttpVersion.HTTP_1_1);
        try {
            enqueue(whole != null ? codec.sendWhole(head, whole) : codec.send(head));
        } catch (LocalProtocolError e) {
            closeQuietly(response.body());
            fail();
            return;
        }
        if (whole != null) {
            closeQuietly(response.body());
            responseComplete();
            if (!processing) {
                flush();
            }
            return;
        }
        sending = response.body();
        sendingLeft = sending.length();
        suppressBody = suppress;
        pump();
    }

    /**
     * Pulls the body being sent, a chunk at a time while less than a chunk waits to be written, so a large body
     * never sits in memory whole. Inside {@link #process} the write waits for its end, to leave with the other
     * responses of the same read.
     */
    private void pump() {
        while (sending != null && !finished) {
            if (outbound.size() >= CHUNK && !outbound.flush()) {
                return; // onWritable resumes
            }
            try {
                long left = sendingLeft;
                // A body of known length is read into an array of its size: a small response allocates no chunk,
                // and once it has all come, the read that finds its end needs none either.
                byte[] chunk = suppressBody || left == 0 ? endProbe
                        : new byte[left > 0 && left < CHUNK ? (int) left : CHUNK];
                int n = suppressBody ? -1 : sending.read(chunk, 0, chunk.length);
                if (n < 0) {
                    closeBody();
                    enqueue(codec.send(HttpEvent.EndOfMessage.NO_TRAILERS));
                    responseComplete();
                } else if (n > 0) {
                    if (left > 0) {
                        sendingLeft -= n;
                    }
                    // The codec refuses bytes beyond the announced length (the probe's among them).
                    enqueue(codec.send(new HttpEvent.Data(n == chunk.length ? chunk : Arrays.copyOf(chunk, n))));
                }
            } catch (IOException | LocalProtocolError e) {
                fail(); // a body that fails or lies about its length: the client must not take the rest as valid
                return;
            }
        }
        if (!processing) {
            flush();
        }
    }

    private void responseComplete() {
        if (requestComplete) {
            exchange = null;
        }
        if (codec.ourState() == ConnState.MUST_CLOSE) {
            return; // flush() lingers once everything queued is written
        }
        // The next pipelined request may be waiting in the codec: read it now, or once the current pass ends.
        process();
    }

    private void enqueue(byte[] bytes) {
        outbound.add(bytes);
    }

    private void flush() {
        if (finished || !outbound.flush()) {
            return;
        }
        if (outbound.isEmpty() && sending == null && !lingering && (lingerWhenWritten
                || codec.ourState() == ConnState.MUST_CLOSE || draining && betweenRequests())) {
            beginLinger();
        }
    }

    // ---- Errors, timers and closing --------------------------------------------------------------------------

    /** The client broke the protocol: answer {@code status} if a response can still be sent, then close. */
    private void protocolError(int status, String message) {
        ConnState ours = codec.ourState();
        if (ours != ConnState.IDLE && ours != ConnState.SEND_RESPONSE) {
            fail();
            return;
        }
        exchange = null;
        byte[] body = (status + " " + StatusCodes.reason(status) + ": " + message + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Headers headers = Headers.of("Content-Type", "text/plain; charset=utf-8",
                "Content-Length", Integer.toString(body.length), "Connection", "close");
        if (config.serverName() != null) {
            headers = headers.with("Server", config.serverName());
        }
        enqueue(codec.send(new HttpEvent.Response(status, StatusCodes.reason(status), headers, HttpVersion.HTTP_1_1)));
        enqueue(codec.send(new HttpEvent.Data(body)));
        enqueue(codec.send(HttpEvent.EndOfMessage.NO_TRAILERS));
        flush();
    }

    /** RFC 9112 section 9.6: half-close, then read and discard until the client closes or the linger time ends. */
    private void beginLinger() {
        if (lingering || finished) {
            return;
        }
        if (!outbound.flush()) {
            // Responses still wait to be written (they leave at the end of a pass): half-close after them, and
            // within the linger time all the same if the client stops reading.
            lingerWhenWritten = true;
            if (timerKind != TimerKind.LINGER) {
                arm(TimerKind.LINGER, config.lingerTimeout());
            }
            return;
        }
        lingering = true;
        arm(TimerKind.LINGER, config.lingerTimeout());
        transport.shutdownOutput();
        pauseReading(false);
        discardInput();
    }

    private void discardInput() {
        int n;
        while ((n = transport.read(readBuffer, 0, readBuffer.length)) > 0) {
            // discarded: the connection is closing
        }
        if (n < 0) {
            end();
            cancelTimer();
            transport.close();
        }
    }

    private void fail() {
        end();
        cancelTimer();
        closeBody();
        codec.sendFailed();
        transport.abort();
    }

    /**
     * Sets the one timer. The loop keeps a single wake-up per connection across re-arms, which only move the
     * deadline: a keep-alive connection re-arms on every request, and scheduling and cancelling each time would fill
     * the loop's timer queue with cancelled entries (30 s of them at the idle timeout).
     */
    private void arm(TimerKind kind, Duration after) {
        timerKind = kind;
        long delay = after.toNanos();
        deadline = loop.nowNanos() + delay;
        if (wakeUp == null || wakeUpAt - deadline > 0) {
            if (wakeUp != null) {
                wakeUp.cancel();
            }
            scheduleWakeUp(delay);
        }
    }

    private void scheduleWakeUp(long delay) {
        wakeUpAt = loop.nowNanos() + delay;
        wakeUp = loop.schedule(delay, this::wokeUp);
    }

    /** No timer runs; a pending wake-up finds nothing to do, unless the connection is over and it is dropped. */
    private void cancelTimer() {
        timerKind = TimerKind.NONE;
        if (finished && wakeUp != null) {
            wakeUp.cancel();
            wakeUp = null;
        }
    }

    private void wokeUp() {
        wakeUp = null;
        if (finished || timerKind == TimerKind.NONE) {
            return;
        }
        long left = deadline - loop.nowNanos();
        if (left > 0) {
            scheduleWakeUp(left); // the deadline moved on since this wake-up was scheduled
            return;
        }
        TimerKind kind = timerKind;
        timerKind = TimerKind.NONE;
        switch (kind) {
            case HEADER -> {
                if (codec.ourState() == ConnState.IDLE && codec.theirState() == ConnState.IDLE) {
                    protocolError(408, "the request head did not arrive in time");
                }
            }
            case IDLE -> beginLinger();
            case LINGER -> {
                end();
                transport.close();
            }
            case NONE -> { }
        }
    }

    private void closeBody() {
        if (sending != null) {
            closeQuietly(sending);
            sending = null;
        }
    }

    private static void closeQuietly(Body body) {
        try {
            body.close();
        } catch (IOException e) {
            // a file that will not close: nothing more to do for this response
        }
    }
}
