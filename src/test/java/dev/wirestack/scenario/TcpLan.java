package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimLink;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;

/** Two hosts on one Ethernet segment, 10.1.0.2 (client) and 10.1.0.3 (server), joined by one link of a given spec. */
final class TcpLan {
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.1.0.2");
    static final Ipv4Address SERVER = Ipv4Address.parse("10.1.0.3");

    final SimNetwork network;
    final Host client;
    final Host server;
    final SimLink link;

    TcpLan(long seed, LinkSpec spec, Tracer tracer) {
        network = new SimNetwork(seed, tracer);
        client = network.addHost(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24"));
        server = network.addHost(Host.builder("server").iface(MacAddress.local(3), "10.1.0.3/24"));
        link = network.link(client, 0, server, 0, spec);
    }

    TcpLan(long seed, LinkSpec spec) {
        this(seed, spec, Tracer.NONE);
    }
}
