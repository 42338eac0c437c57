package dev.wirestack.scenario;

import dev.wirestack.link.NetworkNode;

import java.util.ArrayDeque;

/**
 * A two-port relay cut into a link: it passes every frame to its other port unchanged and in no time, except those
 * its rule drops. A scripted loss (exactly this frame, or everything for a while) that seeded link loss cannot
 * promise.
 */
final class DroppingRelay implements NetworkNode {
    /** Decides whether the frame that arrived on {@code port} at {@code now} is lost. */
    @FunctionalInterface
    interface Rule {
        boolean drop(long now, int port, byte[] frame);
    }

    private final ArrayDeque<Transmission> outbox = new ArrayDeque<>();
    private final Rule rule;
    private int dropped;

    DroppingRelay(Rule rule) {
        this.rule = rule;
    }

    /** Drops the {@code n}-th (from 1) TCP segment carrying data that arrives on {@code port}, and nothing else. */
    static DroppingRelay nthDataSegment(int port, int n) {
        int[] seen = {0};
        return new DroppingRelay((now, from, frame) -> from == port && Decoded.isTcpData(frame) && ++seen[0] == n);
    }

    /** Drops every frame arriving on {@code port} from {@code fromNanos} (inclusive) to {@code untilNanos}. */
    static DroppingRelay blackout(int port, long fromNanos, long untilNanos) {
        return new DroppingRelay((now, from, frame) -> from == port && now >= fromNanos && now < untilNanos);
    }

    int dropped() {
        return dropped;
    }

    @Override
    public void receiveFrame(long nowNanos, int port, byte[] frame) {
        if (rule.drop(nowNanos, port, frame)) {
            dropped++;
        } else {
            outbox.add(new Transmission(1 - port, frame));
        }
    }

    @Override
    public Transmission pollTransmit(long nowNanos) {
        return outbox.poll();
    }

    @Override
    public long nextDeadline() {
        return Long.MAX_VALUE;
    }

    @Override
    public void onTimeout(long nowNanos) {
    }
}
