package dev.wirestack.scenario;

import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.wire.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link Traffic.TcpRequests}: per round the client writes the request in several small writes, the server
 * answers once it has read the whole request, and the client starts the next round once it has read the whole
 * response. After the last round the client closes and the server closes on reading the end.
 */
final class RequestsRun implements TrafficRun {
    private static final long WRITE_GAP_NANOS = 100_000;

    private final Traffic.TcpRequests requests;
    private final RunContext context;
    private final int requestBytes;
    private final List<Long> roundNanos = new ArrayList<>();
    private TcpListener listener;
    private long startedAt = -1;
    private long roundStartedAt;
    private long serverHas;
    private long clientHas;
    private boolean clientClosed;
    private boolean serverClosed;

    RequestsRun(Traffic.TcpRequests requests, RunContext context) {
        this.requests = requests;
        this.context = context;
        this.requestBytes = requests.writes().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public void start() {
        startedAt = context.now();
        var config = requests.tcp().toConfig();
        listener = context.host(requests.to()).tcpListen(Ipv4Address.ANY, requests.port(), 4, 4, config)
                .onAccept(this::accepted);
        TcpSocket client = context.host(requests.from()).tcpConnect(context.address(requests.to()), requests.port(),
                config);
        client.onConnected(this::sendRequest).onReadable(this::clientRead)
                .onClosed((socket, error) -> clientClosed = true);
    }

    private void sendRequest(TcpSocket client) {
        roundStartedAt = context.now();
        client.write(new byte[requests.writes().getFirst()]);
        for (int i = 1; i < requests.writes().size(); i++) {
            int size = requests.writes().get(i);
            // Each write a moment after the one before, once its segment could leave, as an application that
            // formats the body after sending the header; written together, Nagle would merge them into one segment.
            context.network().schedule(context.now() + i * WRITE_GAP_NANOS, () -> client.write(new byte[size]));
        }
    }

    private void accepted(TcpSocket server) {
        listener.close();
        server.onReadable(this::serverRead).onClosed((socket, error) -> serverClosed = true);
    }

    private void serverRead(TcpSocket server) {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = server.read(buffer)) > 0) {
            serverHas += n;
            if (serverHas == requestBytes) {
                serverHas = 0;
                server.write(new byte[requests.response()]);
            }
        }
        if (n < 0) {
            server.close();
        }
    }

    private void clientRead(TcpSocket client) {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = client.read(buffer)) > 0) {
            clientHas += n;
            if (clientHas == requests.response()) {
                clientHas = 0;
                roundNanos.add(context.now() - roundStartedAt);
                if (roundNanos.size() < requests.rounds()) {
                    sendRequest(client);
                } else {
                    client.close();
                }
            }
        }
    }

    @Override
    public boolean finished() {
        return clientClosed && serverClosed;
    }

    @Override
    public Outcome outcome() {
        double mean = roundNanos.stream().mapToLong(Long::longValue).average().orElse(-1);
        return new Outcome.Builder().put("nagle", !requests.tcp().noDelay()).put("rounds", roundNanos.size())
                .millis("meanRoundMs", 0, (long) mean)
                .millis("roundsTotalMs", 0, roundNanos.stream().mapToLong(Long::longValue).sum())
                .build(requests.label(), "requests", finished());
    }
}
