package dev.wirestack.scenario;

import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.server.Body;
import dev.wirestack.http.server.HttpExchange;
import dev.wirestack.http.server.HttpResponse;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.transport.Network;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.sim.SimEventLoop;
import dev.wirestack.tcp.TcpConfig;
import java.io.IOException;
import java.time.Duration;

/**
 * Runs {@link Traffic.HttpGet}: an {@link HttpServer} on the server host answers the path with a generated body, and
 * an {@link HttpClient} on the client host sends the GETs one after the other, both over Wirestack TCP on the
 * simulator's clock. The last request says {@code Connection: close} (RFC 9112 section 9.6), so the connection ends
 * with FINs rather than a reset once all are answered. The outcome's {@code firstByteMs} runs from the item's start
 * to the first body byte of the first response (handshake and request included), {@code totalMs} to the last
 * response complete; {@code connections} counts those the client opened (one, when keep-alive held).
 */
final class HttpRun implements TrafficRun {
    /** Long enough for the largest body over a slow, lossy link; the scenario's duration bounds the run anyway. */
    private static final ClientConfig CLIENT = ClientConfig.DEFAULT.withTimeouts(Duration.ofSeconds(30),
            Duration.ofMinutes(30));
    /** No Date field: the wall clock would make the bytes on the wire differ from run to run. */
    private static final ServerConfig SERVER = ServerConfig.DEFAULT.withWallClock(null);

    private final Traffic.HttpGet get;
    private final RunContext context;
    private HttpClient client;
    private Network.Listening listening;
    private long startedAt = -1;
    private long firstByteAt = -1;
    private long lastResponseAt = -1;
    private int answered;
    private int lastStatus = -1;
    private long received;
    private boolean intact = true;
    private String error;

    HttpRun(Traffic.HttpGet get, RunContext context) {
        this.get = get;
        this.context = context;
    }

    /** Byte {@code index} of every generated body: no short period, so a misplaced segment shows. */
    static byte bodyByte(long index) {
        return (byte) (index % 251 ^ index / 251);
    }

    @Override
    public void start() {
        startedAt = context.now();
        SimEventLoop loop = new SimEventLoop(context.network());
        TcpConfig tcp = get.tcp().toConfig();
        try {
            listening = new HttpServer(this::handle, SERVER).serve(
                    new WirestackNetwork(context.host(get.server()), loop, tcp), get.port());
        } catch (IOException | IllegalStateException e) {
            error = "the server cannot listen: " + e.getMessage();
            return;
        }
        client = new HttpClient(new WirestackNetwork(context.host(get.client()), loop, tcp), CLIENT);
        send();
    }

    private void handle(HttpExchange exchange) {
        if (!exchange.request().path().equals(get.path())) {
            exchange.respond(HttpResponse.error(404));
            return;
        }
        exchange.respond(new HttpResponse(200, Headers.of("Content-Type", "application/octet-stream"),
                generated(get.bytes())));
    }

    /** The body, made as the connection takes it: a large one never sits in memory on the server's side. */
    private static Body generated(long length) {
        return new Body() {
            private long sent;

            @Override
            public long length() {
                return length;
            }

            @Override
            public int read(byte[] into, int offset, int max) {
                if (sent == length) {
                    return -1;
                }
                int count = (int) Math.min(max, length - sent);
                for (int i = 0; i < count; i++) {
                    into[offset + i] = bodyByte(sent + i);
                }
                sent += count;
                return count;
            }
        };
    }

    private void send() {
        ClientRequest request = ClientRequest.get("http://" + context.address(get.server()) + ":" + get.port()
                + get.path());
        if (answered == get.requests() - 1) {
            request = request.withHeader("Connection", "close");
        }
        client.send(request, (bytes, expected) -> {
            if (firstByteAt < 0 && bytes > 0) {
                firstByteAt = context.now();
            }
        }).whenComplete(this::answered);
    }

    private void answered(ClientResponse response, Throwable failure) {
        if (failure != null) {
            error = failure.getMessage();
            listening.close();
            return;
        }
        answered++;
        lastResponseAt = context.now();
        lastStatus = response.status();
        received += response.body().length;
        intact &= response.status() == 200 && matches(response.body());
        if (answered < get.requests()) {
            send();
        } else {
            listening.close();
        }
    }

    private boolean matches(byte[] body) {
        if (body.length != get.bytes()) {
            return false;
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] != bodyByte(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean finished() {
        return error != null || answered == get.requests();
    }

    @Override
    public Outcome outcome() {
        return new Outcome.Builder().put("path", get.path()).put("bytes", get.bytes())
                .put("requests", get.requests()).put("answered", answered).put("status", lastStatus)
                .put("received", received).put("intact", answered > 0 && intact)
                .millis("firstByteMs", startedAt, firstByteAt)
                .millis("totalMs", startedAt, lastResponseAt)
                .put("connections", client == null ? 0 : client.connectionsOpened())
                .put("error", error == null ? "none" : error)
                .build(get.label(), "http", error == null && answered == get.requests());
    }
}
