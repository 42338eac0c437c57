package dev.wirestack.udp;

import dev.wirestack.ip.SendResult;
import dev.wirestack.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UdpSocketsTest {
    static final UdpSocket.Transport NOWHERE = new UdpSocket.Transport() {
        @Override
        public SendResult send(UdpSocket socket, Ipv4Address destination, int port, byte[] data, int ttl) {
            return SendResult.QUEUED;
        }

        @Override
        public void close(UdpSocket socket) {
        }
    };

    @Test
    void ephemeralPorts_areInRange_distinct_andDeterministicForASeed() {
        UdpSockets a = new UdpSockets(new SplittableRandom(5), 4, NOWHERE);
        UdpSockets b = new UdpSockets(new SplittableRandom(5), 4, NOWHERE);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            int port = a.bind(0).port();
            assertThat(port).isBetween(UdpSockets.EPHEMERAL_FIRST, UdpSockets.EPHEMERAL_LAST);
            assertThat(ports.add(port)).isTrue();
            assertThat(b.bind(0).port()).isEqualTo(port);
        }
    }

    @Test
    void aPortInUse_isRefused_untilItsSocketCloses() {
        UdpSockets sockets = new UdpSockets(new SplittableRandom(1), 4, new UdpSocket.Transport() {
            @Override
            public SendResult send(UdpSocket socket, Ipv4Address destination, int port, byte[] data, int ttl) {
                return SendResult.QUEUED;
            }

            @Override
            public void close(UdpSocket socket) {
                holder[0].release(socket);
            }
        });
        holder[0] = sockets;
        UdpSocket first = sockets.bind(53);
        assertThatThrownBy(() -> sockets.bind(53)).isInstanceOf(IllegalStateException.class);
        first.close();
        assertThat(sockets.bind(53).port()).isEqualTo(53);
    }

    private final UdpSockets[] holder = new UdpSockets[1];

    @Test
    void theReceiveQueueIsBounded_andAListenerSeesEverything() {
        UdpSockets sockets = new UdpSockets(new SplittableRandom(1), 2, NOWHERE);
        UdpSocket socket = sockets.bind(7);
        UdpMessage message = new UdpMessage(0, Ipv4Address.ANY, 1, Ipv4Address.ANY, new byte[0]);
        assertThat(sockets.deliver(socket, message)).isTrue();
        assertThat(sockets.deliver(socket, message)).isTrue();
        assertThat(sockets.deliver(socket, message)).isFalse();
        int[] heard = {0};
        socket.onMessage(m -> heard[0]++);
        assertThat(sockets.deliver(socket, message)).isTrue();
        assertThat(heard[0]).isEqualTo(1);
        assertThat(socket.pendingMessages()).isEqualTo(2);
    }
}
