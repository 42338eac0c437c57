package dev.wirestack.http.server;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Connection} driven by the test: the client's bytes arrive with {@link #feed}, every write call is recorded,
 * and a write takes at most {@link #window} bytes until the test opens it again.
 */
final class ScriptedConnection implements Connection {
    private final EventLoop loop;
    private final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
    private int readFrom;
    private boolean endOfStream;
    private Listener listener;
    private boolean readInterest = true;
    final List<String> writes = new ArrayList<>();
    int window = Integer.MAX_VALUE;
    boolean outputShut;
    String closedAs;

    ScriptedConnection(EventLoop loop) {
        this.loop = loop;
    }

    void feed(String text) {
        inbound.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        if (readInterest) {
            listener.onReadable();
        }
    }

    /** The client's last bytes and its FIN, read together. */
    void feedLast(String text) {
        inbound.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        endInput();
    }

    void endInput() {
        endOfStream = true;
        listener.onReadable();
    }

    /** Lets writes take everything again and tells the listener. */
    void openWindow() {
        window = Integer.MAX_VALUE;
        listener.onWritable();
    }

    String written() {
        return String.join("", writes);
    }

    @Override
    public int read(byte[] into, int offset, int length) {
        byte[] all = inbound.toByteArray();
        int count = Math.min(length, all.length - readFrom);
        if (count == 0) {
            return endOfStream ? -1 : 0;
        }
        System.arraycopy(all, readFrom, into, offset, count);
        readFrom += count;
        return count;
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        if (outputShut) {
            return 0; // as a transport after its FIN: nothing more leaves
        }
        int taken = Math.min(length, window);
        window -= taken;
        if (taken > 0) {
            writes.add(new String(data, offset, taken, StandardCharsets.ISO_8859_1));
        }
        return taken;
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    @Override
    public void close() {
        closedAs = "close";
    }

    @Override
    public void abort() {
        closedAs = "abort";
    }

    @Override
    public void readInterest(boolean interested) {
        readInterest = interested;
    }

    @Override
    public void listener(Listener newListener) {
        listener = newListener;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public String remoteAddress() {
        return "192.0.2.1:40000";
    }

}
