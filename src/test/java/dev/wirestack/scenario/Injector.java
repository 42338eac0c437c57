package dev.wirestack.scenario;

import dev.wirestack.link.NetworkNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare network card on port 0 for the scenarios: it puts hand-built frames on the wire (call {@link #send} from a
 * {@code SimNetwork.schedule} action and the frame leaves at that time) and keeps whatever reaches it.
 */
final class Injector implements NetworkNode {
    private final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
    private final List<byte[]> received = new ArrayList<>();

    void send(byte[] frame) {
        outbox.add(frame);
    }

    List<byte[]> received() {
        return received;
    }

    @Override
    public void receiveFrame(long nowNanos, int port, byte[] frame) {
        received.add(frame);
    }

    @Override
    public Transmission pollTransmit(long nowNanos) {
        byte[] frame = outbox.poll();
        return frame == null ? null : new Transmission(0, frame);
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    @Override
    public void onTimeout(long nowNanos) {
    }
}
