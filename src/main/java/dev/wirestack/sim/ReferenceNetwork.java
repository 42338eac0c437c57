package dev.wirestack.sim;

import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostBuilder;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;

/**
 * The built-in simulated network that {@code wirestack sim} runs in: a client on one LAN behind a switch, a server
 * on another, and three routers between them. The wide-area link between the second and third router is the one
 * that loses frames.
 *
 * <pre>
 *  client 10.1.0.2 ── sw1 ── 10.1.0.1 r1 10.9.1.1 ── 10.9.1.2 r2 10.9.2.1 ═lossy═ 10.9.2.2 r3 10.2.0.1 ── sw2 ── server 10.2.0.2
 *         LAN 10.1.0.0/24, 100 Mbit/s        100 Mbit/s, 2 ms            10 Mbit/s, 10 ms            LAN 10.2.0.0/24
 * </pre>
 */
public final class ReferenceNetwork {
    public static final Ipv4Address CLIENT = Ipv4Address.parse("10.1.0.2");
    public static final Ipv4Address SERVER = Ipv4Address.parse("10.2.0.2");

    private static final LinkSpec LAN = LinkSpec.ethernet100M().delay(Duration.ofNanos(50_000));
    private static final LinkSpec BACKBONE = LinkSpec.ethernet100M().delay(Duration.ofMillis(2));
    private static final LinkSpec WIDE_AREA = LinkSpec.ethernet10M().delay(Duration.ofMillis(10));

    private final SimNetwork network;
    private final Host client;
    private final Host server;
    private final Host router1;
    private final Host router2;
    private final Host router3;
    private final EthernetSwitch clientSwitch;
    private final EthernetSwitch serverSwitch;
    private final SimLink lossyLink;

    /** The network with {@code loss} (0 to 1) on the wide-area link, in both directions. */
    public ReferenceNetwork(long seed, double loss, Tracer tracer) {
        network = new SimNetwork(seed, tracer);
        client = add(Host.builder("client").iface(MacAddress.local(0x0a010002), "10.1.0.2/24").gateway("10.1.0.1"));
        router1 = add(Host.builder("r1").forwarding(true)
                .iface(MacAddress.local(0x0a010001), "10.1.0.1/24")
                .iface(MacAddress.local(0x0a090101), "10.9.1.1/30")
                .gateway("10.9.1.2"));
        router2 = add(Host.builder("r2").forwarding(true)
                .iface(MacAddress.local(0x0a090102), "10.9.1.2/30")
                .iface(MacAddress.local(0x0a090201), "10.9.2.1/30")
                .route("10.1.0.0/24", "10.9.1.1")
                .route("10.2.0.0/24", "10.9.2.2"));
        router3 = add(Host.builder("r3").forwarding(true)
                .iface(MacAddress.local(0x0a090202), "10.9.2.2/30")
                .iface(MacAddress.local(0x0a020001), "10.2.0.1/24")
                .gateway("10.9.2.1"));
        server = add(Host.builder("server").iface(MacAddress.local(0x0a020002), "10.2.0.2/24").gateway("10.2.0.1"));
        clientSwitch = network.addSwitch("sw1", 4);
        serverSwitch = network.addSwitch("sw2", 4);

        network.link(client, 0, clientSwitch, 0, LAN);
        network.link(router1, 0, clientSwitch, 1, LAN);
        network.link(router1, 1, router2, 0, BACKBONE);
        lossyLink = network.link(router2, 1, router3, 0, WIDE_AREA.loss(loss));
        network.link(router3, 1, serverSwitch, 0, LAN);
        network.link(server, 0, serverSwitch, 1, LAN);
    }

    private Host add(HostBuilder builder) {
        return network.addHost(builder);
    }

    public SimNetwork network() {
        return network;
    }

    public Host client() {
        return client;
    }

    public Host server() {
        return server;
    }

    /** The routers in path order from the client: r1, r2, r3. */
    public Host[] routers() {
        return new Host[] {router1, router2, router3};
    }

    public EthernetSwitch clientSwitch() {
        return clientSwitch;
    }

    public EthernetSwitch serverSwitch() {
        return serverSwitch;
    }

    public SimLink lossyLink() {
        return lossyLink;
    }
}
