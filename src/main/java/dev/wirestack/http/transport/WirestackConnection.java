package dev.wirestack.http.transport;

import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpError;

/** A Wirestack {@link TcpSocket} as a {@link Connection}. */
final class WirestackConnection implements Connection {
    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void onReadable() {
        }

        @Override
        public void onWritable() {
        }

        @Override
        public void onClosed(String error) {
        }
    };

    private final TcpSocket socket;
    private final EventLoop loop;
    private Listener listener = NO_LISTENER;
    private Network.ConnectHandler pendingConnect;
    private boolean readInterest = true;
    private boolean peerClosed;
    private boolean closed;

    /** Wraps {@code socket}; {@code pendingConnect}, if not null, hears how its active open ends. */
    WirestackConnection(TcpSocket socket, EventLoop loop, Network.ConnectHandler pendingConnect) {
        this.socket = socket;
        this.loop = loop;
        this.pendingConnect = pendingConnect;
        socket.onConnected(s -> {
            Network.ConnectHandler handler = this.pendingConnect;
            this.pendingConnect = null;
            if (handler != null) {
                handler.connected(this);
            }
        });
        socket.onReadable(s -> {
            if (readInterest) {
                listener.onReadable();
            }
        });
        socket.onWritable(s -> listener.onWritable());
        socket.onPeerClosed(s -> peerClosed = true);
        socket.onClosed(this::closed);
    }

    private void closed(TcpSocket s, TcpError error) {
        closed = true;
        Network.ConnectHandler handler = pendingConnect;
        pendingConnect = null;
        if (handler != null) {
            handler.failed("connection to " + s.remoteEndpoint() + " failed: " + (error == null ? "closed" : error));
            return;
        }
        listener.onClosed(error == null ? null : error.toString());
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        return socket.read(into, offset, length);
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        if (closed) {
            return 0;
        }
        try {
            return socket.write(data, offset, length);
        } catch (IllegalStateException e) {
            return 0; // shut down or reset: onClosed tells the owner
        }
    }

    @Override
    public void shutdownOutput() {
        if (!closed) {
            socket.shutdownOutput();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            socket.close();
        }
    }

    @Override
    public void abort() {
        if (!closed) {
            socket.abort();
        }
    }

    @Override
    public void readInterest(boolean interested) {
        boolean resumed = interested && !readInterest;
        readInterest = interested;
        if (resumed) {
            wakeIfReadable();
        }
    }

    @Override
    public void listener(Listener newListener) {
        this.listener = newListener;
        wakeIfReadable();
    }

    /** TcpSocket calls back only when something new arrives: data already waiting needs a nudge, on the loop. */
    private void wakeIfReadable() {
        if (socket.readableBytes() > 0 || peerClosed) {
            loop.execute(() -> {
                if (readInterest && !closed) {
                    listener.onReadable();
                }
            });
        }
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public String remoteAddress() {
        return socket.remoteEndpoint().toString();
    }
}
