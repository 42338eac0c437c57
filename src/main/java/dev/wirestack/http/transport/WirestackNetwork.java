package dev.wirestack.http.transport;

import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * HTTP over Wirestack TCP: a {@link Host}'s listeners and sockets as {@link Network} connections. The host has no
 * application timers, so the {@link EventLoop} comes from whatever drives it: the simulator's scheduler in tests and
 * scenarios, the real-time loop on a TAP device.
 */
public final class WirestackNetwork implements Network {
    private static final int BACKLOG = 128;
    /** Handshakes in progress before SYN cookies answer: what {@link Host#tcpListen(int, int)} allows. */
    private static final int SYN_BACKLOG = 256;

    private final Host host;
    private final EventLoop loop;
    private final TcpConfig tcp;

    public WirestackNetwork(Host host, EventLoop loop) {
        this(host, loop, TcpConfig.DEFAULT);
    }

    /** Listens and connects with {@code tcp} (congestion control, options, buffers), as a scenario asks. */
    public WirestackNetwork(Host host, EventLoop loop, TcpConfig tcp) {
        this.host = Objects.requireNonNull(host, "host");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.tcp = Objects.requireNonNull(tcp, "tcp");
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public Listening listen(int port, Consumer<Connection> onAccept) {
        TcpListener listener = host.tcpListen(Ipv4Address.ANY, port, BACKLOG, SYN_BACKLOG, tcp);
        listener.onAccept(socket -> onAccept.accept(new WirestackConnection(socket, loop, null)));
        return new Listening() {
            @Override
            public int port() {
                return listener.port();
            }

            @Override
            public void close() {
                listener.close();
            }
        };
    }

    /** Connects to {@code host}, which must be an IPv4 address: Wirestack has no resolver yet. */
    @Override
    public void connect(String address, int port, ConnectHandler handler) {
        Ipv4Address destination;
        try {
            destination = Ipv4Address.parse(address);
        } catch (IllegalArgumentException e) {
            loop.execute(() -> handler.failed("not an IPv4 address (Wirestack resolves no names yet): " + address));
            return;
        }
        try {
            new WirestackConnection(host.tcpConnect(destination, port, tcp), loop, handler);
        } catch (IllegalStateException e) {
            loop.execute(() -> handler.failed(e.getMessage()));
        }
    }
}
