package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nagle's algorithm (RFC 9293 section 3.7.4, RFC 896) meets the delayed ACK (section 3.8.6.3, 40 ms here as in
 * Linux): the classic stall of a write-write-read exchange, shown in virtual time on two simulated hosts, and gone
 * with {@link TcpSocket#setNoDelay}.
 */
class TcpNagleTest {
    private static final long MS = 1_000_000L;
    private static final long MICROS = 1_000L;
    /** 100 Mbit/s and a 1 ms round trip. */
    private static final LinkSpec LAN = LinkSpec.ethernet100M().delay(Duration.ofNanos(500 * MICROS));
    private static final int EXCHANGES = 10;
    private static final int HEADER = 100;
    private static final int BODY = 100;
    private static final int RESPONSE = 100;
    private static final long SECOND_WRITE_AFTER = 10 * MICROS;

    /**
     * The client sends each request in two writes (a header, then a body) and waits for the response; the server
     * answers once it has the whole request. Returns how long each exchange took, from the first write to the whole
     * response read.
     */
    private static List<Long> exchanges(boolean noDelay) {
        TcpLan lan = new TcpLan(1, LAN);
        lan.server.tcpListen(80, 4).onAccept(server -> {
            int[] requestBytes = {0};
            server.onReadable(s -> {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = s.read(buffer)) > 0) {
                    requestBytes[0] += n;
                }
                while (requestBytes[0] >= HEADER + BODY) {
                    requestBytes[0] -= HEADER + BODY;
                    assertThat(s.write(new byte[RESPONSE])).isEqualTo(RESPONSE);
                }
            });
        });
        List<Long> durations = new ArrayList<>();
        long[] startedAt = {0};
        int[] responseBytes = {0};
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 80);
        client.setNoDelay(noDelay);
        Runnable request = () -> {
            startedAt[0] = lan.network.now();
            assertThat(client.write(new byte[HEADER])).isEqualTo(HEADER);
            // Two writes in one callback would leave as one segment (segments leave at the host's next poll): the
            // body comes a moment later, as from a second system call, after the header left.
            lan.network.schedule(lan.network.now() + SECOND_WRITE_AFTER,
                    () -> assertThat(client.write(new byte[BODY])).isEqualTo(BODY));
        };
        client.onConnected(s -> request.run()).onReadable(s -> {
            byte[] buffer = new byte[1024];
            int n;
            while ((n = s.read(buffer)) > 0) {
                responseBytes[0] += n;
            }
            if (responseBytes[0] == RESPONSE) {
                responseBytes[0] = 0;
                durations.add(lan.network.now() - startedAt[0]);
                if (durations.size() < EXCHANGES) {
                    request.run();
                }
            }
        });
        lan.network.runFor(Duration.ofSeconds(5));
        assertThat(durations).hasSize(EXCHANGES);
        return durations;
    }

    @Test
    void writeWriteRead_withNagle_theBodyWaitsForTheDelayedAck_about40msEachExchange() {
        // The header leaves at once (nothing is unacknowledged); the body is small and the header unacknowledged, so
        // Nagle holds it; the server, with half a request and nothing to send, delays its ACK 40 ms. Each exchange
        // costs the delayed ACK plus two round trips. (The server acknowledges the very first data at once, so the
        // first exchange takes two round trips only.)
        List<Long> durations = exchanges(false);
        assertThat(durations.getFirst()).isBetween(2 * MS, 3 * MS);
        assertThat(durations.subList(1, EXCHANGES))
                .allSatisfy(nanos -> assertThat(nanos).isBetween(40 * MS + 2 * MS, 40 * MS + 3 * MS));
    }

    @Test
    void writeWriteRead_withNoDelay_noStall_oneRoundTripEachExchange() {
        assertThat(exchanges(true)).allSatisfy(nanos -> assertThat(nanos).isBetween(MS, MS + MS / 2));
    }

    @Test
    void theTailOfAStream_leavesWithTheFin_withoutWaitingForTheAck() {
        // A full segment and a small tail, then the end of the output: nothing more can come to fill the tail, so
        // Nagle has no reason to hold it (Linux pushes the FIN's queue with TCP_NAGLE_OFF, tcp_send_fin).
        TcpLan lan = new TcpLan(1, LAN);
        long[] endAt = {-1};
        lan.server.tcpListen(80, 4).onAccept(server -> server.onReadable(s -> {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = s.read(buffer)) > 0) {
                // drain
            }
            if (n < 0 && endAt[0] < 0) {
                endAt[0] = lan.network.now();
            }
        }));
        long[] connectedAt = {-1};
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 80);
        client.onConnected(s -> {
            connectedAt[0] = lan.network.now();
            assertThat(s.write(new byte[1448 + 100])).isEqualTo(1548);
            s.shutdownOutput();
        });
        lan.network.runFor(Duration.ofSeconds(1));

        assertThat(endAt[0] - connectedAt[0]).as("half a round trip, not a delayed ACK").isLessThan(MS);
    }
}
