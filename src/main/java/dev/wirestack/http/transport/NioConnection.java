package dev.wirestack.http.transport;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A non-blocking JDK {@link SocketChannel} as a {@link Connection}, driven by its {@link NioNetwork}. */
final class NioConnection implements Connection, NioNetwork.Ready {
    private final NioNetwork network;
    private final SocketChannel channel;
    SelectionKey key;
    private Connection.Listener listener;
    private boolean readInterest = true;
    private boolean writeInterest;
    private boolean closed;
    /**
     * The last read took less than it asked for: the socket is drained until the selector says otherwise, so the
     * next read returns 0 without a system call. Safe because the selector is level-triggered: with read interest
     * on, data that arrives (or is left) makes the key ready again.
     */
    private boolean drained;
    private String remoteAddress;

    NioConnection(NioNetwork network, SocketChannel channel) {
        this.network = network;
        this.channel = channel;
    }

    @Override
    public void ready(SelectionKey readyKey) {
        if (listener == null) {
            return;
        }
        if (readyKey.isValid() && readyKey.isWritable()) {
            writeInterest = false;
            updateInterest();
            listener.onWritable();
        }
        if (readyKey.isValid() && readyKey.isReadable() && readInterest) {
            drained = false;
            listener.onReadable();
        }
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        if (closed) {
            return -1;
        }
        if (drained) {
            return 0;
        }
        try {
            int want = Math.min(length, network.io.capacity());
            ByteBuffer io = network.io.clear().limit(want);
            int n = channel.read(io);
            if (n > 0) {
                io.flip().get(into, offset, n);
            }
            drained = n >= 0 && n < want;
            return n;
        } catch (IOException e) {
            fail(e);
            return -1;
        }
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        if (closed) {
            return 0;
        }
        try {
            ByteBuffer io = network.io;
            int written = 0;
            while (written < length) {
                int chunk = Math.min(length - written, io.capacity());
                int taken = channel.write(io.clear().put(data, offset + written, chunk).flip());
                written += taken;
                if (taken < chunk) {
                    break; // the socket's buffer is full
                }
            }
            if (written < length) {
                writeInterest = true;
                updateInterest();
            }
            return written;
        } catch (IOException e) {
            fail(e);
            return 0;
        }
    }

    @Override
    public void shutdownOutput() {
        try {
            if (!closed) {
                channel.shutdownOutput();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void close() {
        finish(null);
    }

    @Override
    public void abort() {
        try {
            if (!closed) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close() then sends a reset
            }
        } catch (IOException e) {
            // closing anyway
        }
        finish("aborted");
    }

    private void fail(IOException e) {
        finish(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private void finish(String error) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        NioNetwork.closeQuietly(channel);
        Connection.Listener current = listener;
        if (current != null) {
            network.execute(() -> current.onClosed(error));
        }
    }

    @Override
    public void readInterest(boolean interested) {
        readInterest = interested;
        updateInterest();
    }

    private void updateInterest() {
        if (key != null && key.isValid()) {
            key.interestOps((readInterest ? SelectionKey.OP_READ : 0) | (writeInterest ? SelectionKey.OP_WRITE : 0));
        }
    }

    @Override
    public void listener(Connection.Listener newListener) {
        this.listener = newListener;
    }

    @Override
    public EventLoop loop() {
        return network;
    }

    @Override
    public String remoteAddress() {
        if (remoteAddress == null) {
            try {
                remoteAddress = String.valueOf(channel.getRemoteAddress());
            } catch (IOException e) {
                return "(closed)";
            }
        }
        return remoteAddress;
    }
}
