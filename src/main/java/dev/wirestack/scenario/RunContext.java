package dev.wirestack.scenario;

import dev.wirestack.report.TraceRecorder;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.wire.Ipv4Address;
import java.util.Map;
import java.util.function.Function;

/**
 * What a running traffic item may use: the network and its clock, the hosts by name, the trace so far, and a twin of
 * a host (built from the same description and seed, never attached) to learn which ephemeral port it will pick.
 */
record RunContext(SimNetwork network, Map<String, Host> hosts, TraceRecorder recorder, Function<String, Host> twins) {

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

    Host twin(String name) {
        return twins.apply(name);
    }
}
