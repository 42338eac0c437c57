package dev.wirestack.sim;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import java.util.Arrays;

/**
 * The simulator's side of one node: its name, the links on its ports, and its single wake-up event.
 *
 * <p>After anything reaches the node (a frame, a timer) the node is serviced: its transmissions are drained onto the
 * links of their ports, and its one wake-up is moved to {@link NetworkNode#nextDeadline()}. Only the earliest
 * deadline matters, so moving one event in place keeps stale timers from piling up in the queue.
 */
final class SimNode extends Scheduler.Event {
    private final String name;
    private final NetworkNode node;
    private final Scheduler scheduler;
    private final Tracer tracer;
    /**
     * Whether this node's frames may be given back to it once delivered, lost or dropped: only while no tracer is
     * told of them, since a trace event refers to the frame's array (FrameSent here, FrameReceived at the far end).
     */
    private final boolean framesReusable;
    private final boolean keepsReceivedFrames;
    private LinkDirection[] ports = new LinkDirection[0];

    SimNode(String name, NetworkNode node, Scheduler scheduler, Tracer tracer) {
        this.name = name;
        this.node = node;
        this.scheduler = scheduler;
        this.tracer = tracer;
        this.framesReusable = tracer == Tracer.NONE;
        this.keepsReceivedFrames = node.keepsReceivedFrames();
    }

    String name() {
        return name;
    }

    /** Whether the node may refer to a frame after {@link #receive} returned: then its sender cannot reuse it. */
    boolean keepsReceivedFrames() {
        return keepsReceivedFrames;
    }

    /**
     * A frame this node sent is no longer referred to by the link (delivered to a node that does not keep it, lost or
     * dropped): the node may reuse the array, unless a trace event still holds it.
     */
    void release(byte[] frame) {
        if (framesReusable) {
            node.reuseFrame(frame);
        }
    }

    boolean isConnected(int port) {
        return port < ports.length && ports[port] != null;
    }

    void connect(int port, LinkDirection outgoing) {
        if (port >= ports.length) {
            ports = Arrays.copyOf(ports, port + 1);
        }
        ports[port] = outgoing;
    }

    void receive(long now, int port, byte[] frame) {
        if (tracer != Tracer.NONE) {
            tracer.emit(new TraceEvent.FrameReceived(now, name, port, frame));
        }
        node.receiveFrame(now, port, frame);
        service(now);
    }

    /** The wake-up: the node's earliest deadline has come. */
    @Override
    void fire(long nowNanos) {
        if (node.nextDeadline() <= nowNanos) {
            node.onTimeout(nowNanos);
        }
        service(nowNanos);
    }

    /** Sends whatever the node has to send and moves its wake-up to its next deadline. */
    void service(long now) {
        NetworkNode.Transmission transmission;
        while ((transmission = node.pollTransmit(now)) != null) {
            int port = transmission.port();
            byte[] frame = transmission.frame();
            if (tracer != Tracer.NONE) {
                tracer.emit(new TraceEvent.FrameSent(now, name, port, frame));
            }
            // A frame sent from a port with no cable goes nowhere, as on a real interface.
            if (port >= 0 && port < ports.length && ports[port] != null) {
                ports[port].send(now, frame);
            }
        }
        long deadline = node.nextDeadline();
        if (deadline == Long.MAX_VALUE) {
            scheduler.cancel(this);
        } else if (!isScheduled() || time() != Math.max(deadline, now)) {
            scheduler.schedule(this, Math.max(deadline, now));
        }
    }
}
