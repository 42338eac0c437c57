package dev.wirestack.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A group of loops on the JDK's sockets: accepted connections go to each loop in turn and stay on it. */
class NioNetworkGroupTest {

    @Test
    void acceptedConnectionsAreHandedToEachLoopInTurn_andAnnouncedOnTheirOwnLoop() throws Exception {
        int connections = 6;
        Map<EventLoop, List<String>> threadsByLoop = new ConcurrentHashMap<>();
        CountDownLatch accepted = new CountDownLatch(connections);
        List<Socket> clients = new ArrayList<>();
        try (NioNetwork network = NioNetwork.start("group-test", InetAddress.getLoopbackAddress(), 3)) {
            Network.Listening listening = network.listen(0, connection -> {
                threadsByLoop.computeIfAbsent(connection.loop(), loop -> new CopyOnWriteArrayList<>())
                        .add(Thread.currentThread().getName());
                accepted.countDown();
            });
            for (int i = 0; i < connections; i++) {
                clients.add(new Socket(InetAddress.getLoopbackAddress(), listening.port()));
            }

            assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }

        assertThat(threadsByLoop).hasSize(3);
        assertThat(threadsByLoop.values()).allSatisfy(threads -> {
            assertThat(threads).hasSize(2);
            assertThat(threads.stream().distinct()).as("one thread per loop").hasSize(1);
        });
        assertThat(threadsByLoop.values().stream().map(List::getFirst).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("group-test-0", "group-test-1", "group-test-2");
    }
}
