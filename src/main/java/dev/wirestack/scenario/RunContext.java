package dev.wirestack.scenario;

import dev.wirestack.report.TraceRecorder;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.wire.Ipv4Address;
import java.util.Map;

/** What a running traffic item may use: the network and its clock, the hosts by name, and the trace so far. */
record RunContext(SimNetwork network, Map<String, Host> hosts, TraceRecorder recorder) {

    Host host(String name) {
        return hosts.get(name);
    }

    /** The address of the host's first interface: where traffic to it is sent. */
    Ipv4Address address(String name) {
        return host(name).iface(0).ip();
    }

    long now() {
        return network.now();
    }
}
