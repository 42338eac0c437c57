package dev.wirestack.sim;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostBuilder;
import dev.wirestack.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A simulated network: nodes joined by links, driven on one virtual clock, with one seeded source of randomness.
 *
 * <pre>{@code
 * var net = new SimNetwork(42);
 * var a = net.add("a", nodeA);
 * var sw = net.addSwitch("sw1", 4);
 * net.link(a, 0, sw, 0, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)).loss(0.05));
 * net.runFor(Duration.ofSeconds(1));
 * }</pre>
 *
 * <p>Determinism: every random draw comes from generators split off the seed in the order links (and
 * {@link #splitRandom()} callers) are created, and simultaneous events run in the order they were scheduled. The
 * same scenario with the same seed therefore produces the same frames at the same times, byte for byte.
 *
 * <p>Frames are handed over, not copied: a node gives up the array it returns from
 * {@link NetworkNode#pollTransmit}, and owns the array it receives, unless it says it does not keep received frames
 * ({@link NetworkNode#keepsReceivedFrames}): then the array goes back to its sender ({@link NetworkNode#reuseFrame})
 * once the receiving call returned. Arrays also go back once lost or dropped on a link, but never while a tracer is
 * set, since trace events refer to them.
 */
public final class SimNetwork {
    private final Scheduler scheduler = new Scheduler();
    private final SplittableRandom random;
    private final Tracer tracer;
    private final Map<String, SimNode> nodesByName = new LinkedHashMap<>();
    private final Map<NetworkNode, SimNode> nodes = new IdentityHashMap<>();
    private final List<SimLink> links = new ArrayList<>();

    public SimNetwork(long seed) {
        this(seed, Tracer.NONE);
    }

    /** A network whose nodes and links report frames sent, received and dropped to {@code tracer}. */
    public SimNetwork(long seed, Tracer tracer) {
        this.random = new SplittableRandom(seed);
        this.tracer = tracer;
    }

    /** The virtual time in nanoseconds. */
    public long now() {
        return scheduler.now();
    }

    /** The tracer given at construction, for nodes that emit their own events. */
    public Tracer tracer() {
        return tracer;
    }

    /** A new generator derived from the seed, for a node's own randomness (initial sequence numbers, ports). */
    public RandomGenerator splitRandom() {
        return random.split();
    }

    /** Adds {@code node} under a unique {@code name} (used in traces) and returns it. */
    public <N extends NetworkNode> N add(String name, N node) {
        if (nodesByName.containsKey(name)) {
            throw new IllegalArgumentException("there is already a node named " + name);
        }
        if (nodes.containsKey(node)) {
            throw new IllegalArgumentException("this node was already added as " + nodes.get(node).name());
        }
        SimNode simNode = new SimNode(name, node, scheduler, tracer);
        nodesByName.put(name, simNode);
        nodes.put(node, simNode);
        return node;
    }

    /**
     * Builds a Wirestack host from {@code builder} and adds it under the host's name. The host traces to this
     * network's tracer, draws its randomness from the seed, and leaves frame events to the network (which traces
     * every frame a node sends or receives).
     */
    public Host addHost(HostBuilder builder) {
        Host host = builder.tracer(tracer).random(splitRandom()).frameEvents(false).build();
        return add(host.name(), host);
    }

    /** Adds a learning switch with ports 0 to {@code ports - 1}, default aging and table size. */
    public EthernetSwitch addSwitch(String name, int ports) {
        return add(name, new EthernetSwitch(name, ports, tracer));
    }

    /** Joins {@code portA} of {@code a} to {@code portB} of {@code b}; both directions behave as {@code spec}. */
    public SimLink link(NetworkNode a, int portA, NetworkNode b, int portB, LinkSpec spec) {
        return link(a, portA, b, portB, spec, spec);
    }

    /** Joins two ports with a link whose directions differ (an asymmetric line). */
    public SimLink link(NetworkNode a, int portA, NetworkNode b, int portB, LinkSpec aToB, LinkSpec bToA) {
        SimNode endA = simNode(a);
        SimNode endB = simNode(b);
        requireFree(endA, portA);
        requireFree(endB, portB);
        if (endA == endB && portA == portB) {
            throw new IllegalArgumentException("cannot link a port to itself");
        }
        var forward = new LinkDirection(aToB, random.split(), scheduler, tracer, endA, portA, endB, portB);
        var backward = new LinkDirection(bToA, random.split(), scheduler, tracer, endB, portB, endA, portA);
        endA.connect(portA, forward);
        endB.connect(portB, backward);
        SimLink link = new SimLink(endA.name(), portA, endB.name(), portB, forward, backward);
        links.add(link);
        return link;
    }

    public List<SimLink> links() {
        return Collections.unmodifiableList(links);
    }

    /** The name {@code node} was added under. */
    public String nameOf(NetworkNode node) {
        return simNode(node).name();
    }

    /**
     * Runs {@code action} at virtual time {@code atNanos} (a script step: an application sends, a cable is cut), then
     * lets every node transmit what the action gave it to send.
     */
    public void schedule(long atNanos, Runnable action) {
        scheduler.schedule(atNanos, () -> {
            action.run();
            serviceAll();
        });
    }

    /** Runs until nothing is left to happen. Never returns while a node keeps a periodic timer: use runFor. */
    public void run() {
        serviceAll();
        scheduler.run();
    }

    /** Runs every event up to and including {@code timeNanos}, and leaves the clock there. */
    public void runUntil(long timeNanos) {
        serviceAll();
        scheduler.runUntil(timeNanos);
    }

    public void runFor(Duration duration) {
        runUntil(Math.addExact(now(), duration.toNanos()));
    }

    /** Whatever a test did to the nodes between runs, the network notices: each node is polled in turn. */
    private void serviceAll() {
        for (SimNode node : nodesByName.values()) {
            node.service(scheduler.now());
        }
    }

    private SimNode simNode(NetworkNode node) {
        SimNode simNode = nodes.get(node);
        if (simNode == null) {
            throw new IllegalArgumentException("add the node to the network before linking it: " + node);
        }
        return simNode;
    }

    private static void requireFree(SimNode node, int port) {
        if (port < 0) {
            throw new IllegalArgumentException("port numbers start at 0: " + port);
        }
        if (node.isConnected(port)) {
            throw new IllegalArgumentException("port " + port + " of " + node.name() + " is already linked");
        }
    }
}
