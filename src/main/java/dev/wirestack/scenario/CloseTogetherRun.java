package dev.wirestack.scenario;

import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.wire.Ipv4Address;

/**
 * Runs {@link Traffic.TcpCloseTogether}: a connection opens, and at one moment both applications close it, so the
 * two FINs cross (RFC 9293 section 3.6, figure 13): each side goes FIN_WAIT_1, CLOSING, TIME_WAIT.
 */
final class CloseTogetherRun implements TrafficRun {
    private final Traffic.TcpCloseTogether close;
    private final RunContext context;
    private TcpListener listener;
    private TcpSocket client;
    private TcpSocket server;
    private long closedAt = -1;
    private int closed;

    CloseTogetherRun(Traffic.TcpCloseTogether close, RunContext context) {
        this.close = close;
        this.context = context;
    }

    @Override
    public void start() {
        var config = close.tcp().toConfig();
        listener = context.host(close.to()).tcpListen(Ipv4Address.ANY, close.port(), 4, 4, config).onAccept(s -> {
            listener.close();
            server = s.onClosed((socket, error) -> closed++);
        });
        client = context.host(close.from()).tcpConnect(context.address(close.to()), close.port(), config)
                .onClosed((socket, error) -> closed++);
        context.network().schedule(context.now() + close.closeAfter().toNanos(), () -> {
            closedAt = context.now();
            client.close();
            if (server != null) {
                server.close();
            }
        });
    }

    @Override
    public boolean finished() {
        return closed == 2;
    }

    @Override
    public Outcome outcome() {
        return new Outcome.Builder().put("bothOpened", server != null).put("closedBoth", closed == 2)
                .millis("closeAtMs", 0, closedAt).build(close.label(), "tcp-close", finished());
    }
}
