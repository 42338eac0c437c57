package dev.wirestack.bench;

import dev.wirestack.arp.ArpCache;
import dev.wirestack.link.NetworkNode;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostConfig;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Two Wirestack hosts in this JVM, a client (10.77.0.1) and a server (10.77.0.2), on one link, and the loop that
 * drives them: either the simulator ({@link SimNetwork}, with a {@link LinkSpec}) or {@link Driver#DIRECT}, a plain
 * two-node loop that hands each frame straight to the other host, to show what the simulator's scheduler costs.
 */
public final class TcpPair {
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.77.0.1");
    static final Ipv4Address SERVER = Ipv4Address.parse("10.77.0.2");
    /** Frames a host may queue for the wire: more than a 4 MiB window of 1500-byte frames, so none are lost there. */
    private static final int TRANSMIT_QUEUE = 16_384;

    /** What moves frames between the two hosts. */
    public enum Driver {
        /** A {@link SimNetwork} with one link of the given spec. */
        SIM,
        /** A direct loop, no link model: each frame is handed over at once, and time jumps to the next timer. */
        DIRECT
    }

    final Host client;
    final Host server;
    private final SimNetwork network;
    private long directNow;

    /** {@code spec} applies to {@link Driver#SIM} only; a direct pair has no link model. */
    TcpPair(Driver driver, int mtu, LinkSpec spec) {
        // ARP entries that outlive the run: virtual time jumps over TIME_WAIT (60 s) between rounds of connections,
        // and a resolution each time would drop all but the first SYNs of a round (ARP queues a few packets only).
        ArpCache.Config arp = ArpCache.Config.DEFAULT;
        HostConfig config = HostConfig.DEFAULT.withQueues(TRANSMIT_QUEUE, HostConfig.DEFAULT.sendQueueLimit(),
                        HostConfig.DEFAULT.receiveQueueLimit()).withFrameEvents(false)
                .withArp(new ArpCache.Config(Duration.ofDays(365), arp.retryInterval(), arp.maxRequests(),
                        arp.queueLimit(), arp.maxEntries()));
        var clientBuilder = Host.builder("client").iface(MacAddress.local(1), CLIENT + "/24", mtu).config(config);
        var serverBuilder = Host.builder("server").iface(MacAddress.local(2), SERVER + "/24", mtu).config(config);
        if (driver == Driver.SIM) {
            network = new SimNetwork(1);
            client = network.addHost(clientBuilder);
            server = network.addHost(serverBuilder);
            network.link(client, 0, server, 0, spec.queuePackets(TRANSMIT_QUEUE));
        } else {
            network = null;
            client = clientBuilder.random(new SplittableRandom(1)).build();
            server = serverBuilder.random(new SplittableRandom(2)).build();
        }
        // Resolve ARP both ways before anything is measured: a datagram to a closed port, and its ICMP answer.
        client.openUdp(0).send(SERVER, 9, new byte[1]);
        advanceBy(Duration.ofMillis(1).toNanos());
    }

    /** The virtual time now. */
    long now() {
        return network != null ? network.now() : directNow;
    }

    /**
     * Runs until {@code done}, checked between steps; fails once {@code virtualLimitNanos} of virtual time passed
     * without it, so that a stalled benchmark says so instead of spinning.
     */
    void runUntil(BooleanSupplier done, long virtualLimitNanos) {
        long limit = Math.addExact(now(), virtualLimitNanos);
        if (network != null) {
            // A simulated millisecond per step: with an ideal link, a whole transfer may happen in one instant.
            while (!done.getAsBoolean()) {
                if (network.now() >= limit) {
                    throw new IllegalStateException("no end after " + virtualLimitNanos + " ns of virtual time");
                }
                network.runUntil(Math.min(limit, network.now() + 1_000_000));
            }
            return;
        }
        while (!done.getAsBoolean()) {
            boolean moved = handOver(client, server) | handOver(server, client);
            if (!moved) {
                long next = Math.min(client.nextDeadline(), server.nextDeadline());
                if (next == Long.MAX_VALUE || next > limit) {
                    throw new IllegalStateException("no end after " + virtualLimitNanos + " ns of virtual time");
                }
                advanceTo(next);
            }
        }
    }

    /** Lets virtual time pass (to expire TIME_WAIT, say), running the timers on the way. */
    void advanceBy(long nanos) {
        long target = Math.addExact(now(), nanos);
        if (network != null) {
            network.runUntil(target);
            return;
        }
        while (true) {
            boolean moved = handOver(client, server) | handOver(server, client);
            long next = Math.min(client.nextDeadline(), server.nextDeadline());
            if (!moved && next > target) {
                directNow = target;
                return;
            }
            if (!moved) {
                advanceTo(next);
            }
        }
    }

    private void advanceTo(long time) {
        directNow = Math.max(directNow, time);
        if (client.nextDeadline() <= directNow) {
            client.onTimeout(directNow);
        }
        if (server.nextDeadline() <= directNow) {
            server.onTimeout(directNow);
        }
    }

    /** One frame from {@code from} to {@code to}, if it has one: frames alternate, as on a full-duplex wire. */
    private boolean handOver(Host from, Host to) {
        NetworkNode.Transmission transmission = from.pollTransmit(directNow);
        if (transmission == null) {
            return false;
        }
        byte[] frame = transmission.frame();
        to.receiveFrame(directNow, 0, frame);
        if (!to.keepsReceivedFrames()) {
            from.reuseFrame(frame); // delivered, and the receiver kept no reference: the sender may reuse the array
        }
        return true;
    }

    /** Frames that reached the server. */
    long framesToServer() {
        return server.stats().framesIn(0);
    }
}
