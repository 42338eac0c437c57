package dev.wirestack.http.server;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Connection} and its {@link EventLoop} driven by the test: the client's bytes arrive with {@link #feed},
 * every write call is recorded, and a write takes at most {@link #window} bytes until the test opens it again.
 * Time is virtual: timers fire when the test {@link #advance}s it; tasks run at once.
 */
final class ScriptedConnection implements Connection, EventLoop {
    private final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
    private int readFrom;
    private boolean endOfStream;
    private Listener listener;
    private boolean readInterest = true;
    final List<String> writes = new ArrayList<>();
    int window = Integer.MAX_VALUE;
    boolean outputShut;
    String closedAs;

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
    public String remoteAddress() {
        return "192.0.2.1:40000";
    }

    private record Timer(long at, long sequence, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::at).thenComparingLong(Timer::sequence));
    private long now;
    private long sequence;

    /** Timers scheduled and not yet fired or dropped, cancelled or not: what the loop holds. */
    int pendingTimers() {
        return timers.size();
    }

    /** Moves virtual time on by {@code duration}, firing the timers that fall due in order. */
    void advance(Duration duration) {
        long end = now + duration.toNanos();
        Timer next;
        while ((next = timers.peek()) != null && next.at() <= end) {
            timers.poll();
            now = next.at();
            if (!next.cancelled()[0]) {
                next.task().run();
            }
        }
        now = end;
    }

    @Override
    public long nowNanos() {
        return now;
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = new boolean[1];
        timers.add(new Timer(now + Math.max(0, delayNanos), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }
}
