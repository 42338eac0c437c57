package dev.wirestack.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client reconnecting from the same port while the server holds the old connection in TIME-WAIT (the server
 * closed first): the new SYN reopens it through the listener (RFC 6191), as Linux does; and connecting from a chosen
 * local port whose 4-tuple is taken is refused.
 */
class TcpTimeWaitReuseScenarioTest {
    private static final int CLIENT_PORT = 40_000;
    private final List<TraceEvent> events = new ArrayList<>();
    private final TcpLan lan = new TcpLan(5, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)), events::add);

    @Test
    void aNewSynFromTheSamePort_reopensAConnectionInTimeWait_rfc6191() {
        List<TcpSocket> accepted = new ArrayList<>();
        lan.server.tcpListen(80, 4).onAccept(socket -> {
            accepted.add(socket);
            socket.close(); // the server closes first: its side ends in TIME-WAIT
        });
        TcpSocket first = lan.client.tcpConnect(TcpLan.SERVER, 80, CLIENT_PORT, TcpConfig.DEFAULT);
        first.onPeerClosed(TcpSocket::close);
        lan.network.runFor(Duration.ofSeconds(1));
        assertThat(first.state()).isEqualTo(TcpState.CLOSED);
        assertThat(accepted).singleElement().extracting(TcpSocket::state).isEqualTo(TcpState.TIME_WAIT);

        TcpSocket second = lan.client.tcpConnect(TcpLan.SERVER, 80, CLIENT_PORT, TcpConfig.DEFAULT);
        List<TcpState> secondStates = new ArrayList<>();
        second.onConnected(s -> secondStates.add(s.state()));
        lan.network.runFor(Duration.ofMillis(100));

        assertThat(secondStates).containsExactly(TcpState.ESTABLISHED);
        assertThat(accepted).hasSize(2);
        assertThat(accepted.getFirst().state()).isEqualTo(TcpState.CLOSED);
        assertThat(accepted.getFirst().error()).isNull();
        assertThat(accepted.get(1).localEndpoint()).isEqualTo(accepted.getFirst().localEndpoint());
        assertThat(accepted.get(1).remoteEndpoint().port()).isEqualTo(CLIENT_PORT);
    }

    @Test
    void connectFromAChosenPort_whoseFourTupleIsInUse_isRefused() {
        lan.server.tcpListen(80, 4);
        TcpSocket first = lan.client.tcpConnect(TcpLan.SERVER, 80, CLIENT_PORT, TcpConfig.DEFAULT);
        assertThat(first.localEndpoint().port()).isEqualTo(CLIENT_PORT);
        assertThatThrownBy(() -> lan.client.tcpConnect(TcpLan.SERVER, 80, CLIENT_PORT, TcpConfig.DEFAULT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use");
        // Another destination port makes another 4-tuple: allowed.
        lan.server.tcpListen(81, 4);
        assertThat(lan.client.tcpConnect(TcpLan.SERVER, 81, CLIENT_PORT, TcpConfig.DEFAULT).localEndpoint().port())
                .isEqualTo(CLIENT_PORT);
        assertThatThrownBy(() -> lan.client.tcpConnect(TcpLan.SERVER, 80, 70_000, TcpConfig.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
