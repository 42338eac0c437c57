package dev.wirestack.stack;

import static dev.wirestack.stack.TcpPeer.segment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An interface whose device does TCP segmentation offload (HostInterface#setSegmentationOffload): a connection over it
 * sends segments of several MSSs in one datagram, with DF, not fragmented, which the device cuts; without offload, or
 * for a peer with a smaller MSS than the MTU gives, segments stay within the MSS.
 */
class TcpSegmentationOffloadHostTest {
    private static final int MSS = 1460;
    private static final int INITIAL_WINDOW = 10 * MSS;

    private final TcpPeer peer = new TcpPeer();

    /** The peer connects to the host's port 80 with {@code peerMss}; the host writes {@code bytes}. */
    private List<TcpPeer.Sent> connectAndWrite(int peerMss, int bytes) {
        TcpListener listener = peer.h.host.tcpListen(Ipv4Address.ANY, 80, 4, 4, TcpConfig.DEFAULT);
        peer.send(0, new TcpHeader(40000, 80, SeqNum.of(1000), SeqNum.ZERO,
                TcpHeader.SYN, 65535, 0, TcpOptions.NONE.withMss(peerMss)));
        TcpHeader synAck = peer.drain(0).get(0).tcp();
        peer.send(1, segment(40000, 80, 1001, synAck.sequenceNumber().plus(1).unsigned(), TcpHeader.ACK, 65535,
                TcpOptions.NONE));
        TcpSocket socket = listener.accept();
        assertThat(socket.write(new byte[bytes])).isEqualTo(bytes);
        return peer.drain(2);
    }

    @Test
    void withOffload_theInitialWindowLeavesAsOneDatagramWithDf() {
        peer.h.host.iface(0).setSegmentationOffload(65_455);

        List<TcpPeer.Sent> sent = connectAndWrite(MSS, 20_000);

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).payload()).hasSize(INITIAL_WINDOW);
        assertThat(sent.get(0).ip().dontFragment()).isTrue();
        assertThat(sent.get(0).ip().totalLength()).isEqualTo(20 + 20 + INITIAL_WINDOW);
    }

    @Test
    void withoutOffload_segmentsOfTheMss() {
        List<TcpPeer.Sent> sent = connectAndWrite(MSS, 20_000);

        assertThat(sent).hasSize(10).allSatisfy(s -> assertThat(s.payload()).hasSize(MSS));
    }

    @Test
    void withOffload_aPeerWithASmallerMss_getsSegmentsOfItsMss() {
        peer.h.host.iface(0).setSegmentationOffload(65_455);

        List<TcpPeer.Sent> sent = connectAndWrite(1000, 20_000);

        assertThat(sent).hasSize(10).allSatisfy(s -> assertThat(s.payload()).hasSize(1000));
    }
}
