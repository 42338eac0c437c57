package dev.wirestack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hosts write later frames into arrays the simulator gives back, and nothing changes: over a link that loses,
 * duplicates, corrupts and reorders, every frame on the wire is byte for byte and instant for instant the frame of a
 * run that never reuses an array. Each array is poisoned before the host gets it back, so a byte that framing leaves
 * unwritten, or a frame still referred to when it came back, would show.
 */
class HostFrameReuseTest {
    private static final Ipv4Address SERVER = Ipv4Address.parse("10.1.0.3");
    private static final int PORT = 7000;
    private static final int BYTES = 300_000;
    private static final byte POISON = (byte) 0xa5;

    /** A host that records the frames reaching it, and poisons arrays on their way back to it (when reusing). */
    private static final class Watched implements NetworkNode {
        private final Host host;
        private final boolean reuse;
        private final List<FrameCapture.Frame> seen = new ArrayList<>();
        private int givenBack;

        Watched(Host host, boolean reuse) {
            this.host = host;
            this.reuse = reuse;
        }

        @Override
        public void receiveFrame(long nowNanos, int port, byte[] frame) {
            seen.add(new FrameCapture.Frame(nowNanos, frame.clone()));
            host.receiveFrame(nowNanos, port, frame);
        }

        @Override
        public Transmission pollTransmit(long nowNanos) {
            return host.pollTransmit(nowNanos);
        }

        @Override
        public long nextDeadline() {
            return host.nextDeadline();
        }

        @Override
        public void onTimeout(long nowNanos) {
            host.onTimeout(nowNanos);
        }

        @Override
        public boolean keepsReceivedFrames() {
            return host.keepsReceivedFrames();
        }

        /** Without reuse the host never gets an array back, and frames every one in a new array. */
        @Override
        public void reuseFrame(byte[] frame) {
            if (reuse) {
                givenBack++;
                Arrays.fill(frame, POISON);
                host.reuseFrame(frame);
            }
        }
    }

    private record Run(List<FrameCapture.Frame> atClient, List<FrameCapture.Frame> atServer, byte[] received, int givenBack) {
    }

    private static Run transfer(boolean reuse) {
        var net = new SimNetwork(11);
        var client = new Watched(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24")
                .random(net.splitRandom()).frameEvents(false).build(), reuse);
        var server = new Watched(Host.builder("server").iface(MacAddress.local(3), "10.1.0.3/24")
                .random(net.splitRandom()).frameEvents(false).build(), reuse);
        net.add("client", client);
        net.add("server", server);
        net.link(client, 0, server, 0, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)).queuePackets(30)
                .loss(0.03).duplicate(0.03).corrupt(0.03).reorder(0.03, Duration.ofMillis(2)));
        byte[] data = new byte[BYTES];
        new SplittableRandom(5).nextBytes(data);
        var received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        server.host.tcpListen(Ipv4Address.ANY, PORT, 1, 1, TcpConfig.DEFAULT).onAccept(socket -> socket.onReadable(s -> {
            int n;
            while ((n = s.read(buffer)) > 0) {
                received.write(buffer, 0, n);
            }
        }));
        int[] written = {0};
        var socket = client.host.tcpConnect(SERVER, PORT, TcpConfig.DEFAULT);
        socket.onConnected(s -> written[0] += s.write(data, 0, BYTES)).onWritable(s -> {
            written[0] += s.write(data, written[0], BYTES - written[0]);
        });
        // Other frames too: datagrams to a closed port (padded to the Ethernet minimum), and their ICMP errors.
        for (int i = 0; i < 20; i++) {
            int size = i;
            net.schedule(i * 3_000_000L, () -> client.host.openUdp(0).send(SERVER, 9, new byte[size]));
        }
        net.runFor(Duration.ofSeconds(20));
        return new Run(client.seen, server.seen, received.toByteArray(), client.givenBack + server.givenBack);
    }

    @Test
    void framesWrittenIntoReusedArraysAreTheFramesOfARunWithoutReuse() {
        Run fresh = transfer(false);
        Run reused = transfer(true);

        assertThat(fresh.givenBack()).isZero();
        assertThat(reused.givenBack()).isGreaterThan(fresh.atServer().size() / 2);
        assertThat(reused.received()).hasSize(BYTES).isEqualTo(fresh.received());
        assertThat(reused.atServer()).isEqualTo(fresh.atServer());
        assertThat(reused.atClient()).isEqualTo(fresh.atClient());
    }
}
