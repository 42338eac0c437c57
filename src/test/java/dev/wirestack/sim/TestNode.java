package dev.wirestack.sim;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.MacAddress;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A fake node for simulator tests: sends the frames it is told to at the times it is told, records what it gets. */
final class TestNode implements NetworkNode {
    /** A frame that reached this node. */
    record Received(long timeNanos, int port, byte[] frame) {
        /** The sequence number {@link #frame} wrote into the payload. */
        int sequence() {
            return Bytes.i32(MemorySegment.ofArray(frame), 14);
        }
    }

    private record Planned(long timeNanos, long order, int port, byte[] frame) {
    }

    private final PriorityQueue<Planned> planned = new PriorityQueue<>(
            (x, y) -> x.timeNanos != y.timeNanos ? Long.compare(x.timeNanos, y.timeNanos) : Long.compare(x.order, y.order));
    private final ArrayDeque<Transmission> outbox = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();
    private final List<Long> timeouts = new ArrayList<>();
    private long order;

    /** An Ethernet frame of {@code length} bytes (at least 18) whose payload starts with {@code sequence}. */
    static byte[] frame(MacAddress destination, MacAddress source, int length, int sequence) {
        byte[] frame = new byte[length];
        MemorySegment s = MemorySegment.ofArray(frame);
        destination.write(s, 0);
        source.write(s, 6);
        Bytes.putU16(s, 12, 0x88b5);
        Bytes.putI32(s, 14, sequence);
        for (int i = 18; i < length; i++) {
            frame[i] = (byte) (i * 7 + sequence);
        }
        return frame;
    }

    TestNode sendAt(long timeNanos, int port, byte[] frame) {
        planned.add(new Planned(timeNanos, order++, port, frame));
        return this;
    }

    /** Sends now: the frame goes out at the network's next poll of this node. */
    TestNode send(int port, byte[] frame) {
        outbox.add(new Transmission(port, frame));
        return this;
    }

    List<Received> received() {
        return received;
    }

    List<Long> timeouts() {
        return timeouts;
    }

    @Override
    public void receiveFrame(long nowNanos, int port, byte[] frame) {
        received.add(new Received(nowNanos, port, frame));
    }

    @Override
    public Transmission pollTransmit(long nowNanos) {
        return outbox.poll();
    }

    @Override
    public long nextDeadline() {
        return planned.isEmpty() ? Long.MAX_VALUE : planned.peek().timeNanos;
    }

    @Override
    public void onTimeout(long nowNanos) {
        timeouts.add(nowNanos);
        while (!planned.isEmpty() && planned.peek().timeNanos <= nowNanos) {
            Planned next = planned.poll();
            outbox.add(new Transmission(next.port, next.frame));
        }
    }
}
