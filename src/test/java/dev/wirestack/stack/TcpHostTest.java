package dev.wirestack.stack;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The host's bookkeeping of connections: kept through TIME_WAIT, then forgotten; a connection to itself. */
class TcpHostTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void timeWait_keepsTheConnection_andItsTuple_for60s_thenTheHostForgetsIt() {
        SimNetwork network = new SimNetwork(1);
        Host client = network.addHost(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24"));
        Host server = network.addHost(Host.builder("server").iface(MacAddress.local(3), "10.1.0.3/24"));
        network.link(client, 0, server, 0, LinkSpec.ethernet100M());
        server.tcpListen(80, 4).onAccept(s -> s.onReadable(r -> {
            if (r.read(new byte[16]) < 0) {
                r.close();
            }
        }));
        TcpSocket socket = client.tcpConnect(Ipv4Address.parse("10.1.0.3"), 80);
        socket.close(); // applied once the connection exists: here, in SYN-SENT, it would just go away
        assertThat(client.tcp.connectionCount()).isEqualTo(1);
        network.runFor(Duration.ofSeconds(1));
        assertThat(client.tcp.connectionCount()).isZero();

        socket = client.tcpConnect(Ipv4Address.parse("10.1.0.3"), 80);
        network.runFor(Duration.ofSeconds(1));
        network.schedule(network.now(), socket::close);
        network.runFor(Duration.ofSeconds(1));
        assertThat(socket.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(client.tcp.connectionCount()).isEqualTo(1);
        assertThat(client.nextDeadline()).isLessThanOrEqualTo(network.now() + 60 * SECOND);
        network.runFor(Duration.ofSeconds(60));
        assertThat(socket.state()).isEqualTo(TcpState.CLOSED);
        assertThat(client.tcp.connectionCount()).isZero();
        assertThat(server.tcp.connectionCount()).isZero();
        assertThat(client.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aHostConnectsToItself_throughLocalDelivery() {
        SimNetwork network = new SimNetwork(1);
        Host host = network.addHost(Host.builder("h").iface(MacAddress.local(2), "10.1.0.2/24"));
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        host.tcpListen(7, 4).onAccept(s -> s.onReadable(r -> {
            byte[] buffer = new byte[64];
            int n;
            while ((n = r.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
        }));
        TcpSocket socket = host.tcpConnect(Ipv4Address.parse("10.1.0.2"), 7);
        socket.write("to myself".getBytes());
        network.runFor(Duration.ofSeconds(1));

        assertThat(socket.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(received.toString()).isEqualTo("to myself");
    }
}
