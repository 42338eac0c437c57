package dev.wirestack.scenario;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.report.Packet;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Layer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A box in the middle of a link that applies a scenario's {@link FrameRule}s: port 0 faces the link's first end,
 * port 1 its second. Frames no rule takes pass straight through, unchanged and at once. The rules count matching
 * frames per rule, so "the first pure ACK from the client" means exactly that frame.
 */
final class LinkFilter implements NetworkNode {
    private record Held(long releaseAt, long order, int port, byte[] frame) {
    }

    private final String name;
    private final List<FrameRule> rules;
    private final int[] seen;
    private final Tracer tracer;
    private final ArrayDeque<Transmission> outbox = new ArrayDeque<>();
    private final PriorityQueue<Held> held = new PriorityQueue<>((x, y) -> x.releaseAt() != y.releaseAt()
            ? Long.compare(x.releaseAt(), y.releaseAt()) : Long.compare(x.order(), y.order()));
    private long heldCount;

    LinkFilter(String name, List<FrameRule> rules, Tracer tracer) {
        this.name = name;
        this.rules = List.copyOf(rules);
        this.seen = new int[rules.size()];
        this.tracer = tracer;
    }

    @Override
    public void receiveFrame(long nowNanos, int port, byte[] frame) {
        int out = 1 - port;
        Packet packet = Packet.of(frame);
        for (int i = 0; i < rules.size(); i++) {
            FrameRule rule = rules.get(i);
            if (!rule.watches(port == 0) || !rule.match().matches(packet)) {
                continue;
            }
            seen[i]++;
            if (seen[i] < rule.nth() || seen[i] >= rule.nth() + rule.count()) {
                continue;
            }
            switch (rule.action()) {
                case DROP -> tracer.emit(new TraceEvent.Dropped(nowNanos, name, port, Layer.ETHERNET,
                        DropReason.LINK_LOSS, "scenario rule: " + packet.summary() + " is lost"));
                case DELAY -> hold(nowNanos + rule.delay().toNanos(), out, frame);
                case OLD_DUPLICATE -> {
                    if (packet.tcp() != null) {
                        byte[] old = frame.clone();
                        TcpRewrite rewrite = new TcpRewrite(old);
                        rewrite.sequence((rewrite.sequence() - rule.seqOffset()) & 0xffff_ffffL).finish();
                        outbox.add(new Transmission(out, old));
                    }
                    hold(nowNanos + rule.delay().toNanos(), out, frame);
                }
            }
            return;
        }
        outbox.add(new Transmission(out, frame));
    }

    private void hold(long until, int port, byte[] frame) {
        held.add(new Held(until, heldCount++, port, frame));
    }

    @Override
    public Transmission pollTransmit(long nowNanos) {
        return outbox.poll();
    }

    @Override
    public long nextDeadline() {
        Held first = held.peek();
        return first == null ? Long.MAX_VALUE : first.releaseAt();
    }

    @Override
    public void onTimeout(long nowNanos) {
        while (!held.isEmpty() && held.peek().releaseAt() <= nowNanos) {
            Held frame = held.poll();
            outbox.add(new Transmission(frame.port(), frame.frame()));
        }
    }
}
