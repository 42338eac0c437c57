package dev.wirestack.report;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.List;

/** A recorded trace to test exporters against: a small TCP transfer between two hosts over one lossy cable. */
final class LossyTransfer {
    static final Ipv4Address SERVER = Ipv4Address.parse("10.1.0.3");

    final TraceRecorder recorder = new TraceRecorder(200_000);
    final BulkTransfer transfer;

    LossyTransfer(long seed, double loss, int bytes) {
        SimNetwork network = new SimNetwork(seed, recorder);
        Host client = network.addHost(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24"));
        Host server = network.addHost(Host.builder("server").iface(MacAddress.local(3), "10.1.0.3/24"));
        network.link(client, 0, server, 0, LinkSpec.ethernet10M().delay(Duration.ofMillis(5)).loss(loss));
        transfer = new BulkTransfer(client, server, SERVER, 80, bytes, seed,
                TcpConfig.DEFAULT.withMsl(Duration.ofMillis(100)), network::now);
        network.runFor(Duration.ofSeconds(60));
    }

    List<TraceEvent> events() {
        return recorder.events();
    }
}
