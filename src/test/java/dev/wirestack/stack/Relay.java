package dev.wirestack.stack;

import dev.wirestack.link.NetworkNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tiny in-test network: point-to-point cables between (node, port) pairs, no delay. {@link #run} moves frames
 * until all is quiet, then jumps virtual time to the next deadline, up to a time limit. A filter may lose frames.
 */
final class Relay {
    private record End(NetworkNode node, int port) {
    }

    private final List<NetworkNode> nodes = new ArrayList<>();
    private final Map<End, End> cables = new HashMap<>();
    private Predicate<byte[]> deliver = frame -> true;
    long now;
    int framesMoved;

    Relay connect(NetworkNode a, int portA, NetworkNode b, int portB) {
        if (!nodes.contains(a)) {
            nodes.add(a);
        }
        if (!nodes.contains(b)) {
            nodes.add(b);
        }
        cables.put(new End(a, portA), new End(b, portB));
        cables.put(new End(b, portB), new End(a, portA));
        return this;
    }

    /** Frames for which {@code filter} is false are lost on the cable. */
    Relay filter(Predicate<byte[]> filter) {
        this.deliver = filter;
        return this;
    }

    /** Moves frames and runs timers until nothing happens before {@code until}. */
    void runUntil(long until) {
        while (true) {
            boolean moved = moveFrames();
            if (moved) {
                continue;
            }
            long next = nodes.stream().mapToLong(NetworkNode::nextDeadline).min().orElse(Long.MAX_VALUE);
            if (next > until) {
                now = Math.max(now, until);
                return;
            }
            now = Math.max(now, next);
            for (NetworkNode node : nodes) {
                if (node.nextDeadline() <= now) {
                    node.onTimeout(now);
                }
            }
        }
    }

    private boolean moveFrames() {
        boolean moved = false;
        for (NetworkNode node : nodes) {
            NetworkNode.Transmission t;
            while ((t = node.pollTransmit(now)) != null) {
                moved = true;
                End to = cables.get(new End(node, t.port()));
                if (to != null && deliver.test(t.frame())) {
                    framesMoved++;
                    to.node().receiveFrame(now, to.port(), t.frame());
                }
            }
        }
        return moved;
    }
}
