package dev.wirestack.stack;

import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.wirestack.stack.TcpPeer.segment;
import static dev.wirestack.stack.TcpPeer.syn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's two queues (half-open: SYN_RECEIVED; accepted but not taken) and their limits, and SYN cookies
 * (RFC 4987) once the half-open queue is full, driven by a scripted peer.
 */
class TcpListenerTest {
    private static final long MS = 1_000_000L;
    private final TcpPeer peer = new TcpPeer();

    private TcpListener listen(int backlog, int synBacklog) {
        return peer.h.host.tcpListen(Ipv4Address.ANY, 80, backlog, synBacklog, TcpConfig.DEFAULT);
    }

    /** Sends a SYN from {@code port} and returns the SYN-ACK the host answers with. */
    private TcpHeader synAckFor(long now, int port, long isn) {
        peer.send(now, syn(port, 80, isn));
        var sent = peer.drain(now);
        assertThat(sent).hasSize(1);
        TcpHeader synAck = sent.get(0).tcp();
        assertThat(synAck.flags()).isEqualTo(TcpHeader.SYN | TcpHeader.ACK);
        assertThat(synAck.acknowledgmentNumber()).isEqualTo(SeqNum.of(isn + 1));
        return synAck;
    }

    private void completeHandshake(long now, int port, long isn, TcpHeader synAck, byte[] data) {
        peer.send(now, segment(port, 80, isn + 1, synAck.sequenceNumber().plus(1).unsigned(),
                TcpHeader.ACK | (data.length > 0 ? TcpHeader.PSH : 0), 64240, TcpOptions.NONE), data);
    }

    @Test
    void synAck_offersOurMssFromTheMtu_andTheOptionsOfTheConfig() {
        listen(4, 4);
        peer.send(0, new TcpHeader(40000, 80, SeqNum.of(1000), SeqNum.ZERO, TcpHeader.SYN, 64240, 0,
                TcpOptions.NONE.withMss(1460).withWindowScale(7).withSackPermitted(true)));
        TcpHeader synAck = peer.drain(0).get(0).tcp();

        assertThat(synAck.options().mss()).isEqualTo(1460);
        assertThat(synAck.options().hasWindowScale()).isTrue();
        assertThat(synAck.options().sackPermitted()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"576, 536", "1500, 1460", "9000, 8960", "65535, 65495"})
    void mss_isTheInterfaceMtuLess40(int mtu, int mss) {
        TcpPeer small = new TcpPeer(new OneHost(Host.builder("h").iface(OneHost.MAC, "10.1.0.2/24", mtu),
                HostConfig.DEFAULT));
        small.h.host.tcpListen(80, 4);
        small.send(0, syn(40000, 80, 1000));

        assertThat(small.drain(0).get(0).tcp().options().mss()).isEqualTo(mss);
    }

    @Test
    void aConfiguredMss_capsTheOneFromTheMtu() {
        peer.h.host.tcpListen(Ipv4Address.ANY, 80, 4, 4, TcpConfig.DEFAULT.withMss(1000));
        peer.send(0, syn(40000, 80, 1000));

        assertThat(peer.drain(0).get(0).tcp().options().mss()).isEqualTo(1000);
    }

    @Test
    void handshake_movesTheConnectionFromHalfOpenToTheAcceptQueue_thenToTheApplication() {
        TcpListener listener = listen(4, 4);
        TcpHeader synAck = synAckFor(0, 40000, 1000);
        assertThat(listener.halfOpenCount()).isEqualTo(1);
        assertThat(listener.accept()).isNull();

        completeHandshake(MS, 40000, 1000, synAck, "hi".getBytes());
        assertThat(listener.halfOpenCount()).isZero();
        assertThat(listener.acceptQueueSize()).isEqualTo(1);
        TcpSocket socket = listener.accept();
        assertThat(socket.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(socket.remoteEndpoint().port()).isEqualTo(40000);
        byte[] buffer = new byte[10];
        assertThat(socket.read(buffer)).isEqualTo(2);
        assertThat(listener.acceptQueueSize()).isZero();
    }

    @Test
    void halfOpenLimit_isSeparateFromTheAcceptBacklog_beyondItSynsGetCookies() {
        TcpListener listener = listen(1, 2);
        TcpHeader first = synAckFor(0, 40001, 1000);
        synAckFor(0, 40002, 2000);
        assertThat(listener.halfOpenCount()).isEqualTo(2);

        // The third SYN finds the half-open queue full: a cookie SYN-ACK, no state kept, no options but the MSS.
        TcpHeader cookie = synAckFor(0, 40003, 3000);
        assertThat(cookie.options()).isEqualTo(TcpOptions.NONE.withMss(1460));
        assertThat(listener.halfOpenCount()).isEqualTo(2);
        assertThat(peer.h.host.stats().get(Counter.TCP_SYN_COOKIES_SENT)).isEqualTo(1);

        // The first handshake completes: the accept queue (backlog 1) is now full.
        completeHandshake(MS, 40001, 1000, first, new byte[0]);
        assertThat(listener.acceptQueueSize()).isEqualTo(1);
        assertThat(listener.halfOpenCount()).isEqualTo(1);

        // With the accept queue full, new SYNs are dropped (the client will retry), not answered.
        peer.send(2 * MS, syn(40004, 80, 4000));
        assertThat(peer.drain(2 * MS)).isEmpty();
        assertThat(peer.h.host.stats().drops(DropReason.LISTEN_OVERFLOW)).isEqualTo(1);
    }

    @Test
    void acceptQueueFull_theLastAckIsDropped_andTheHandshakeCompletesOnceThereIsRoom() {
        TcpListener listener = listen(1, 4);
        TcpHeader first = synAckFor(0, 40001, 1000);
        TcpHeader second = synAckFor(0, 40002, 2000);
        completeHandshake(MS, 40001, 1000, first, new byte[0]);
        completeHandshake(MS, 40002, 2000, second, new byte[0]);

        assertThat(listener.acceptQueueSize()).isEqualTo(1);
        assertThat(listener.halfOpenCount()).isEqualTo(1);
        assertThat(peer.h.host.stats().drops(DropReason.LISTEN_OVERFLOW)).isEqualTo(1);

        assertThat(listener.accept().remoteEndpoint().port()).isEqualTo(40001);
        completeHandshake(2 * MS, 40002, 2000, second, new byte[0]);
        assertThat(listener.accept().remoteEndpoint().port()).isEqualTo(40002);
        assertThat(listener.halfOpenCount()).isZero();
    }

    @Test
    void aValidCookieAck_createsTheConnection_withTheDataItCarries_rfc4987() {
        TcpListener listener = listen(4, 1);
        synAckFor(0, 40001, 1000);
        TcpHeader cookie = synAckFor(0, 40002, 0xfffffff0L);

        completeHandshake(MS, 40002, 0xfffffff0L, cookie, "GET /".getBytes());
        assertThat(peer.h.host.stats().get(Counter.TCP_SYN_COOKIES_ACCEPTED)).isEqualTo(1);
        TcpSocket socket = listener.accept();
        assertThat(socket.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(socket.remoteEndpoint().port()).isEqualTo(40002);
        byte[] buffer = new byte[10];
        assertThat(socket.read(buffer)).isEqualTo(5);

        // The connection goes on from the cookie's numbers: our data starts at cookie + 1.
        socket.write("200 OK".getBytes());
        var sent = peer.drain(2 * MS);
        assertThat(sent).last().satisfies(s -> {
            assertThat(s.tcp().sequenceNumber()).isEqualTo(cookie.sequenceNumber().plus(1));
            assertThat(s.tcp().acknowledgmentNumber()).isEqualTo(SeqNum.of(0xfffffff0L).plus(6));
            assertThat(new String(s.payload())).isEqualTo("200 OK");
        });
    }

    @Test
    void aCookieAckWithAWrongCookie_getsRst() {
        listen(4, 1);
        synAckFor(0, 40001, 1000);
        TcpHeader cookie = synAckFor(0, 40002, 5000);
        peer.send(MS, segment(40002, 80, 5001, cookie.sequenceNumber().plus(2).unsigned(), TcpHeader.ACK, 64240,
                TcpOptions.NONE));

        assertThat(peer.drain(MS)).extracting(TcpPeer.Sent::tcp).containsExactly(TcpHeader.of(80, 40002,
                cookie.sequenceNumber().plus(2), SeqNum.ZERO, TcpHeader.RST, 0));
        assertThat(peer.h.host.stats().get(Counter.TCP_SYN_COOKIES_ACCEPTED)).isZero();
    }

    @Test
    void onAccept_receivesEstablishedConnections_includingThoseAlreadyQueued() {
        TcpListener listener = listen(4, 4);
        TcpHeader first = synAckFor(0, 40001, 1000);
        completeHandshake(MS, 40001, 1000, first, new byte[0]);
        List<Integer> accepted = new ArrayList<>();
        listener.onAccept(socket -> accepted.add(socket.remoteEndpoint().port()));
        assertThat(accepted).containsExactly(40001);

        TcpHeader second = synAckFor(2 * MS, 40002, 2000);
        completeHandshake(3 * MS, 40002, 2000, second, new byte[0]);
        assertThat(accepted).containsExactly(40001, 40002);
        assertThat(listener.acceptQueueSize()).isZero();
    }

    @Test
    void closingTheListener_resetsHalfOpenAndQueuedConnections_andFreesThePort() {
        TcpListener listener = listen(4, 4);
        TcpHeader first = synAckFor(0, 40001, 1000);
        synAckFor(0, 40002, 2000);
        completeHandshake(MS, 40001, 1000, first, new byte[0]);

        listener.close();
        var sent = peer.drain(2 * MS);
        assertThat(sent).extracting(s -> s.tcp().destinationPort() + (s.tcp().has(TcpHeader.RST) ? " RST" : ""))
                .containsExactlyInAnyOrder("40001 RST", "40002 RST");
        peer.send(3 * MS, syn(40003, 80, 3000));
        assertThat(peer.drain(3 * MS)).extracting(s -> s.tcp().flags())
                .containsExactly(TcpHeader.RST | TcpHeader.ACK);
        assertThat(peer.h.host.tcpListen(80, 4)).isNotNull();
    }

    @Test
    void listeningTwiceOnAPort_isRefused() {
        peer.h.host.tcpListen(80, 4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> peer.h.host.tcpListen(80, 4))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    }
}
