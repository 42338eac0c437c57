package dev.wirestack.scenario;

import dev.wirestack.stack.TcpSocket;
import dev.wirestack.trace.TraceEvent;

/**
 * Runs {@link Traffic.TcpOpenTogether}: both hosts connect to each other at the same moment, so their SYNs cross
 * (RFC 9293 section 3.5, figure 8): each goes SYN_SENT, SYN_RECEIVED, ESTABLISHED. Once both are established the
 * first host closes and the second closes when it reads the end.
 *
 * <p>A simultaneous open needs each side to dial the port the other connects from. The host API has no
 * bind-before-connect, so the ports are learned in advance: the hosts' randomness is seeded, and a twin of each host
 * (same description, same seed, never attached) picks the same ephemeral port the host will pick.
 */
final class OpenTogetherRun implements TrafficRun {
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
        var a = context.address(open.a());
        var b = context.address(open.b());
        // Any destination port gives the same ephemeral port: the first free one from a random start.
        int portA = context.twin(open.a()).tcpConnect(b, 1, config).localEndpoint().port();
        int portB = context.twin(open.b()).tcpConnect(a, portA, config).localEndpoint().port();
        first = context.host(open.a()).tcpConnect(b, portB, config);
        second = context.host(open.b()).tcpConnect(a, portA, config);
        if (first.localEndpoint().port() != portA || second.localEndpoint().port() != portB) {
            throw new IllegalStateException("a simultaneous open must be the first connection its hosts open");
        }
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
