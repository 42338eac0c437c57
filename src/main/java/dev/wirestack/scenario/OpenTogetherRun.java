package dev.wirestack.scenario;

import dev.wirestack.stack.TcpSocket;
import dev.wirestack.trace.TraceEvent;

/**
 * Runs {@link Traffic.TcpOpenTogether}: both hosts connect to each other at the same moment, so their SYNs cross
 * (RFC 9293 section 3.5, figure 8): each goes SYN_SENT, SYN_RECEIVED, ESTABLISHED. Once both are established the
 * first host closes and the second closes when it reads the end.
 *
 * <p>A simultaneous open needs each side to dial the port the other connects from: both connect from and to one
 * fixed port, outside Linux's ephemeral range so that no other connection of the scenario can hold it.
 */
final class OpenTogetherRun implements TrafficRun {
    /** The port both sides connect from and to. */
    static final int PORT = 9100;

    private final Traffic.TcpOpenTogether open;
    private final RunContext context;
    private TcpSocket first;
    private TcpSocket second;
    private int established;
    private int closed;

    OpenTogetherRun(Traffic.TcpOpenTogether open, RunContext context) {
        this.open = open;
        this.context = context;
    }

    @Override
    public void start() {
        var config = open.tcp().toConfig();
        first = context.host(open.a()).tcpConnect(context.address(open.b()), PORT, PORT, config);
        second = context.host(open.b()).tcpConnect(context.address(open.a()), PORT, PORT, config);
        first.onConnected(s -> bothUp()).onClosed((s, e) -> closed++);
        second.onConnected(s -> bothUp()).onReadable(s -> {
            if (s.read(new byte[64]) < 0) {
                s.close();
            }
        }).onClosed((s, e) -> closed++);
    }

    private void bothUp() {
        if (++established == 2) {
            first.close();
        }
    }

    @Override
    public boolean finished() {
        return closed == 2;
    }

    @Override
    public Outcome outcome() {
        long synReceived = context.recorder().events().stream()
                .filter(e -> e instanceof TraceEvent.TcpStateChanged c && c.to().equals("SYN_RECEIVED")
                        && (c.node().equals(open.a()) || c.node().equals(open.b()))).count();
        return new Outcome.Builder().put("established", established).put("synReceivedStates", synReceived)
                .build(open.label(), "tcp-open", finished());
    }
}
