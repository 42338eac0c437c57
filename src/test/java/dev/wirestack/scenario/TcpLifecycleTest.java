package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Ipv4Address;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening and closing through the socket API on a simulated LAN: half-close in both directions, a refused connect, a
 * connect to a silent address timing out after the SYN retries, and an abort.
 */
class TcpLifecycleTest {
    private static final LinkSpec LAN = LinkSpec.ethernet100M().delay(Duration.ofMillis(1));

    private final List<TraceEvent> events = new ArrayList<>();
    private final TcpLan lan = new TcpLan(3, LAN, events::add);

    /** Reads everything readable into {@code into}; at the end of the stream runs {@code atEnd} once. */
    private static void drain(TcpSocket socket, ByteArrayOutputStream into, Runnable atEnd) {
        byte[] buffer = new byte[4096];
        int n;
        while ((n = socket.read(buffer)) > 0) {
            into.write(buffer, 0, n);
        }
        if (n < 0) {
            atEnd.run();
        }
    }

    @Test
    void clientHalfCloses_afterItsRequest_andStillReadsTheWholeResponse() {
        byte[] response = new byte[100_000];
        for (int i = 0; i < response.length; i++) {
            response[i] = (byte) (i * 31);
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        List<TcpError> closes = new ArrayList<>();
        lan.server.tcpListen(7, 4).onAccept(server -> server.onReadable(s -> drain(s, request, () -> {
            // The request ended (FIN): the server answers on its still open half, then closes.
            if (s.state() == TcpState.CLOSE_WAIT) {
                assertThat(s.write(response)).isEqualTo(response.length);
                s.close();
            }
        })).onClosed((s, error) -> closes.add(error)));
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 7);
        client.write("QUIT".getBytes());
        client.shutdownOutput();
        client.onReadable(s -> drain(s, received, s::close)).onClosed((s, error) -> closes.add(error));

        lan.network.runFor(Duration.ofSeconds(1));
        assertThat(request.toString()).isEqualTo("QUIT");
        assertThat(received.toByteArray()).isEqualTo(response);
        assertThat(client.state()).isEqualTo(TcpState.TIME_WAIT);
        lan.network.runFor(Duration.ofSeconds(61));
        assertThat(closes).hasSize(2).containsOnlyNulls();
        assertThat(client.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void serverHalfCloses_afterItsGreeting_andStillReadsWhatTheClientSends() {
        ByteArrayOutputStream greeting = new ByteArrayOutputStream();
        ByteArrayOutputStream upload = new ByteArrayOutputStream();
        List<TcpError> closes = new ArrayList<>();
        lan.server.tcpListen(7, 4).onAccept(server -> {
            server.write("HELLO".getBytes());
            server.shutdownOutput();
            server.onReadable(s -> drain(s, upload, s::close)).onClosed((s, error) -> closes.add(error));
        });
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 7);
        client.onPeerClosed(s -> {
            // The server's output ended, its input did not: the client uploads, then closes.
            drain(s, greeting, () -> { });
            assertThat(s.write(new byte[50_000])).isEqualTo(50_000);
            s.close();
        }).onClosed((s, error) -> closes.add(error));

        lan.network.runFor(Duration.ofSeconds(100));
        assertThat(greeting.toString()).isEqualTo("HELLO");
        assertThat(upload.size()).isEqualTo(50_000);
        assertThat(closes).hasSize(2).containsOnlyNulls();
        assertThat(client.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void connectToAPortWithNoListener_isRefused_byTheServersRst() {
        List<TcpError> errors = new ArrayList<>();
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 9);
        client.onClosed((s, error) -> errors.add(error));

        lan.network.runFor(Duration.ofSeconds(1));
        assertThat(errors).containsExactly(TcpError.REFUSED);
        assertThat(client.error()).isEqualTo(TcpError.REFUSED);
        assertThat(client.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void connectToAnAddressNobodyHas_failsWithNoRouteToHost_whenArpGivesUp_asLinux() {
        // The SYN waits for ARP; when ARP gives up, the host reports "host unreachable" to the connection, which in
        // SYN-SENT aborts the connect (RFC 1122 4.2.3.9 as Linux's tcp_v4_err applies it: EHOSTUNREACH). The SYN
        // retransmission schedule itself is TcpHandshakeTest's.
        Ipv4Address silent = Ipv4Address.parse("10.1.0.77");
        List<Long> closedAt = new ArrayList<>();
        List<TcpError> errors = new ArrayList<>();
        TcpSocket client = lan.client.tcpConnect(silent, 80);
        client.onClosed((s, error) -> {
            errors.add(error);
            closedAt.add(lan.network.now());
        });

        lan.network.runFor(Duration.ofSeconds(300));
        long arpGaveUp = events.stream().filter(TraceEvent.ArpFailed.class::isInstance).findFirst()
                .orElseThrow().timeNanos();
        assertThat(closedAt).containsExactly(arpGaveUp);
        assertThat(errors).containsExactly(TcpError.HOST_UNREACHABLE);
        assertThat(client.error().message()).isEqualTo("no route to host");
        assertThat(events).filteredOn(TraceEvent.TcpRetransmit.class::isInstance).extracting(TraceEvent::timeNanos)
                .allMatch(t -> t < arpGaveUp);
    }

    @Test
    void abort_resetsThePeer() {
        List<TcpError> serverErrors = new ArrayList<>();
        lan.server.tcpListen(7, 4).onAccept(server -> server.onClosed((s, error) -> serverErrors.add(error)));
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 7);
        lan.network.runFor(Duration.ofSeconds(1));
        lan.network.schedule(lan.network.now(), client::abort);
        lan.network.runFor(Duration.ofSeconds(1));

        assertThat(client.error()).isEqualTo(TcpError.ABORTED);
        assertThat(serverErrors).containsExactly(TcpError.RESET);
    }

    @Test
    void writesBeforeTheSynLeft_areKept_andSentOnceConnected() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        lan.server.tcpListen(7, 4).onAccept(server -> server.onReadable(s -> drain(s, received, s::close)));
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 7);
        assertThat(client.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(client.write("early ".getBytes())).isEqualTo(6);
        assertThat(client.write("bird".getBytes())).isEqualTo(4);
        client.shutdownOutput(); // (close() in SYN-SENT would delete the connection: RFC 9293 3.10.4)

        lan.network.runFor(Duration.ofSeconds(100));
        assertThat(received.toString()).isEqualTo("early bird");
        assertThat(client.state()).isEqualTo(TcpState.CLOSED);
        assertThat(client.error()).isNull();
    }
}
