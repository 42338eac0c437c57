package dev.wirestack.http.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal server around one codec, for tests: it answers every complete request 200 with an empty body, answers a
 * protocol error with its status hint, and reports the statuses, the events in a comparable form and whether the
 * connection stays open.
 */
final class ServerCodecDriver {
    static final HttpLimits LIMITS = new HttpLimits(100, 300, 10, 1000, 64);

    record Outcome(List<Integer> statuses, boolean open, List<String> events) {
    }

    /** Feeds {@code raw} in pieces of {@code fragment} bytes (all at once when 0), processing after each. */
    static Outcome serve(String raw, int fragment) {
        byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        var connection = new Http1Connection(Role.SERVER, LIMITS);
        List<Integer> statuses = new ArrayList<>();
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int step = fragment == 0 ? bytes.length : fragment;
        boolean open;
        try {
            for (int offset = 0; offset < bytes.length; offset += step) {
                connection.receiveData(bytes, offset, Math.min(step, bytes.length - offset));
                drain(connection, statuses, events, body);
            }
            open = connection.ourState() == ConnState.IDLE && connection.keepAlive();
            connection.receiveEof();
            drain(connection, statuses, events, body);
        } catch (RemoteProtocolError e) {
            events.add("error " + e.statusHint());
            statuses.add(e.statusHint());
            connection.send(new HttpEvent.Response(e.statusHint(), Headers.of("Content-Length", "0")));
            connection.send(HttpEvent.EndOfMessage.NO_TRAILERS);
            return new Outcome(statuses, false, events);
        }
        return new Outcome(statuses, open, events);
    }

    private static void drain(Http1Connection connection, List<Integer> statuses, List<String> events,
                              ByteArrayOutputStream body) {
        while (true) {
            Step step = connection.nextEvent();
            switch (step) {
                case Signal s -> {
                    return;
                }
                case HttpEvent.Request r -> events.add(r.method() + " " + r.target() + " " + r.version() + " "
                        + r.headers().fields());
                case HttpEvent.Data d -> body.writeBytes(d.bytes());
                case HttpEvent.EndOfMessage end -> {
                    events.add("body " + body.toString(StandardCharsets.ISO_8859_1) + " trailers "
                            + end.trailers().fields());
                    body.reset();
                    statuses.add(200);
                    connection.send(new HttpEvent.Response(200, Headers.of("Content-Length", "0")));
                    connection.send(HttpEvent.EndOfMessage.NO_TRAILERS);
                }
                case HttpEvent.Response r -> throw new AssertionError("a server read a response");
                case HttpEvent.ConnectionClosed c -> {
                    events.add("closed");
                    if (connection.ourState() == ConnState.MUST_CLOSE) {
                        connection.send(c);
                    }
                    return;
                }
            }
        }
    }

    private ServerCodecDriver() {
    }
}
