package dev.wirestack.stack;

import dev.wirestack.ip.Route;
import dev.wirestack.ip.RouteTable;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;
import dev.wirestack.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Describes a host, then builds it:
 * <pre>{@code
 * Host client = Host.builder("client").iface(MacAddress.local(1), "10.1.0.2/24").gateway("10.1.0.1")
 *         .tracer(tracer).random(new SplittableRandom(seed)).build();
 * Host router = Host.builder("r1").forwarding(true)
 *         .iface(MacAddress.local(11), "10.1.0.1/24").iface(MacAddress.local(12), "10.9.0.1/30")
 *         .route("10.2.0.0/16", "10.9.0.2").build();
 * }</pre>
 * Interfaces get ports 0, 1, ... in the order given, each with a connected route to its subnet. A static route's
 * gateway must lie in the subnet of one of the interfaces, which is the one the route uses.
 */
public final class HostBuilder {
    private record StaticRoute(Ipv4Cidr destination, Ipv4Address gateway) {
    }

    private record InterfaceSpec(MacAddress mac, Ipv4Cidr address, int mtu) {
    }

    private final String name;
    private final List<InterfaceSpec> interfaces = new ArrayList<>();
    private final List<StaticRoute> staticRoutes = new ArrayList<>();
    private Tracer tracer = Tracer.NONE;
    private RandomGenerator random = new SplittableRandom(0);
    private boolean forwarding;
    private HostConfig config = HostConfig.DEFAULT;

    HostBuilder(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** An interface with MTU 1500. */
    public HostBuilder iface(MacAddress mac, String cidr) {
        return iface(mac, cidr, 1500);
    }

    public HostBuilder iface(MacAddress mac, String cidr, int mtu) {
        interfaces.add(new InterfaceSpec(mac, Ipv4Cidr.parse(cidr), mtu));
        return this;
    }

    /** The default route: 0.0.0.0/0 via {@code address}. */
    public HostBuilder gateway(String address) {
        return route("0.0.0.0/0", address);
    }

    /** A static route: packets for {@code destination} go via the gateway {@code via}. */
    public HostBuilder route(String destination, String via) {
        staticRoutes.add(new StaticRoute(Ipv4Cidr.parse(destination), Ipv4Address.parse(via)));
        return this;
    }

    /** Forward datagrams not addressed to this host: a router. */
    public HostBuilder forwarding(boolean enabled) {
        this.forwarding = enabled;
        return this;
    }

    public HostBuilder tracer(Tracer value) {
        this.tracer = Objects.requireNonNull(value, "tracer");
        return this;
    }

    /** The generator for ephemeral ports, echo identifiers and the first IP identification (seed it!). */
    public HostBuilder random(RandomGenerator value) {
        this.random = Objects.requireNonNull(value, "random");
        return this;
    }

    public HostBuilder config(HostConfig value) {
        this.config = Objects.requireNonNull(value, "config");
        return this;
    }

    /** Whether the host emits FrameSent/FrameReceived (default true; false when the driver emits them). */
    public HostBuilder frameEvents(boolean enabled) {
        this.config = config.withFrameEvents(enabled);
        return this;
    }

    public Host build() {
        if (interfaces.isEmpty()) {
            throw new IllegalStateException("host " + name + " needs at least one interface");
        }
        List<HostInterface> built = new ArrayList<>();
        RouteTable routes = new RouteTable();
        for (InterfaceSpec spec : interfaces) {
            HostInterface iface = new HostInterface(built.size(), spec.mac(), spec.address(), spec.mtu(),
                    config.arp());
            built.add(iface);
            routes.add(Route.connected(spec.address(), iface.index()));
        }
        for (StaticRoute route : staticRoutes) {
            HostInterface via = built.stream().filter(iface -> iface.address().contains(route.gateway())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("gateway " + route.gateway() + " of route "
                            + route.destination() + " is on none of " + name + "'s subnets"));
            routes.add(Route.via(route.destination(), route.gateway(), via.index()));
        }
        return new Host(name, config, tracer, random, forwarding, built, routes);
    }
}
