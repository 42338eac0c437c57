package dev.wirestack.scenario;

import dev.wirestack.report.BulkTransfer;
import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk transfers between two simulated hosts through the socket API: byte-exact (SHA-256) however the link treats
 * the segments, and both sides closed cleanly (the client through TIME_WAIT).
 */
class TcpTransferTest {
    private static final int MIB = 1 << 20;
    private static final long SECOND = 1_000_000_000L;
    private static final LinkSpec LAN = LinkSpec.ethernet100M().delay(Duration.ofMillis(1));

    @Test
    void handshake_threeSegments_bothSidesEstablished_stateTrace() {
        List<TraceEvent> events = new ArrayList<>();
        TcpLan lan = new TcpLan(1, LAN, events::add);
        var listener = lan.server.tcpListen(80, 4);
        var client = lan.client.tcpConnect(TcpLan.SERVER, 80);
        lan.network.runFor(Duration.ofSeconds(1));

        assertThat(client.state()).isEqualTo(TcpState.ESTABLISHED);
        var server = listener.accept();
        assertThat(server).isNotNull();
        assertThat(server.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(server.remoteEndpoint()).isEqualTo(client.localEndpoint());
        assertThat(client.localEndpoint().port()).isBetween(32768, 60999);
        assertThat(listener.accept()).isNull();
        assertThat(events).filteredOn(TraceEvent.TcpStateChanged.class::isInstance)
                .map(e -> ((TraceEvent.TcpStateChanged) e).node() + ":" + ((TraceEvent.TcpStateChanged) e).from()
                        + ">" + ((TraceEvent.TcpStateChanged) e).to())
                .containsExactly("client:CLOSED>SYN_SENT", "server:LISTEN>SYN_RECEIVED",
                        "client:SYN_SENT>ESTABLISHED", "server:SYN_RECEIVED>ESTABLISHED");
    }

    @Test
    void sameSeed_sameSegmentsOnTheWire_byteForByte_isnsAndPortsIncluded() {
        assertThat(wire(5)).isEqualTo(wire(5)).isNotEqualTo(wire(6));
    }

    private static List<FrameCapture.Frame> wire(long seed) {
        List<FrameCapture.Frame> frames = new ArrayList<>();
        TcpLan lan = new TcpLan(seed, LAN.loss(0.05), FrameCapture.of("client", 0,
                (time, frame) -> frames.add(new FrameCapture.Frame(time, frame))));
        new BulkTransfer(lan.client, lan.server, TcpLan.SERVER, 5001, 64 * 1024, seed,
                TcpConfig.DEFAULT, lan.network::now);
        lan.network.runFor(Duration.ofSeconds(100));
        return frames;
    }

    @Test
    void oneMebibyte_noLoss_byteExact_bothClosedCleanly() {
        TcpLan lan = new TcpLan(1, LAN);
        BulkTransfer transfer = new BulkTransfer(lan.client, lan.server, TcpLan.SERVER, 5001, MIB, 1,
                TcpConfig.DEFAULT, lan.network::now);
        lan.network.runFor(Duration.ofSeconds(200));

        assertCompleted(transfer);
    }

    @Test
    void oneMebibyte_acrossTheReferenceNetwork_withFivePercentLoss_byteExact() {
        ReferenceNetwork net = new ReferenceNetwork(7, 0.05, Tracer.NONE);
        BulkTransfer transfer = new BulkTransfer(net.client(), net.server(), ReferenceNetwork.SERVER, 5001, MIB, 7,
                TcpConfig.DEFAULT, net.network()::now);
        net.network().runFor(Duration.ofSeconds(600));

        assertCompleted(transfer);
        assertThat(net.lossyLink().aToB().counters().dropped(DropReason.LINK_LOSS)).isPositive();
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 20);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void fivePercentLoss_byteExact(long seed) {
        TcpLan lan = new TcpLan(seed, LAN.loss(0.05));
        BulkTransfer transfer = new BulkTransfer(lan.client, lan.server, TcpLan.SERVER, 5001, 256 * 1024, seed,
                TcpConfig.DEFAULT, lan.network::now);
        lan.network.runFor(Duration.ofSeconds(600));

        assertCompleted(transfer);
        assertThat(lan.link.aToB().counters().dropped(DropReason.LINK_LOSS)).isPositive();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void reorderingAndDuplication_byteExact(long seed) {
        LinkSpec spec = LAN.reorder(0.1, Duration.ofMillis(3)).duplicate(0.05).loss(0.01);
        TcpLan lan = new TcpLan(seed, spec);
        BulkTransfer transfer = new BulkTransfer(lan.client, lan.server, TcpLan.SERVER, 5001, 256 * 1024, seed,
                TcpConfig.DEFAULT, lan.network::now);
        lan.network.runFor(Duration.ofSeconds(600));

        assertCompleted(transfer);
        assertThat(lan.link.aToB().counters().reordered()).isPositive();
        assertThat(lan.link.aToB().counters().duplicated()).isPositive();
    }

    private static void assertCompleted(BulkTransfer transfer) {
        assertThat(transfer.allWritten()).as("%s", transfer).isTrue();
        assertThat(transfer.receivedBytes()).as("%s", transfer).isEqualTo(transfer.size());
        assertThat(transfer.receivedSha256()).isEqualTo(transfer.expectedSha256());
        assertThat(transfer.serverClosed()).as("server closed: %s", transfer).isTrue();
        assertThat(transfer.serverError()).isNull();
        assertThat(transfer.clientClosed()).as("client closed (after TIME_WAIT): %s", transfer).isTrue();
        assertThat(transfer.clientError()).isNull();
        assertThat(transfer.client().state()).isEqualTo(TcpState.CLOSED);
    }
}
