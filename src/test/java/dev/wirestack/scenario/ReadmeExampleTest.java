package dev.wirestack.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.udp.UdpMessage;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "Using it from Java" examples, kept compiling and true. */
class ReadmeExampleTest {

    @Test
    void aDatagramCrossesASwitchedLan() {
        SimNetwork net = new SimNetwork(42);
        Host a = net.addHost(Host.builder("a").iface(MacAddress.local(1), "10.77.0.1/24"));
        Host b = net.addHost(Host.builder("b").iface(MacAddress.local(2), "10.77.0.2/24"));
        EthernetSwitch lan = net.addSwitch("sw", 2);
        net.link(a, 0, lan, 0, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)).loss(0.05));
        net.link(b, 0, lan, 1, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)));

        UdpSocket server = b.openUdp(7);
        a.openUdp(0).send(Ipv4Address.parse("10.77.0.2"), 7, "hello".getBytes());
        net.runFor(Duration.ofSeconds(1));
        UdpMessage message = server.receive();

        assertThat(message).isNotNull();
        assertThat(new String(message.data())).isEqualTo("hello");
        assertThat(message.source()).isEqualTo(Ipv4Address.parse("10.77.0.1"));

        b.tcpListen(7, 16).onAccept(connection -> connection.onReadable(peer -> {
            byte[] buffer = new byte[4096];
            int n = peer.read(buffer);
            if (n > 0) peer.write(buffer, 0, n);
        }).onPeerClosed(TcpSocket::shutdownOutput));
        TcpSocket client = a.tcpConnect(Ipv4Address.parse("10.77.0.2"), 7);
        client.write("hello, TCP".getBytes());
        client.shutdownOutput();
        net.runFor(Duration.ofSeconds(5));
        byte[] echoed = new byte[64];
        int length = client.read(echoed);

        assertThat(new String(echoed, 0, length)).isEqualTo("hello, TCP");
        assertThat(client.read(echoed)).as("the server closed its side after echoing: end of stream").isEqualTo(-1);
    }
}
