package dev.wirestack.scenario;

import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpSegment;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow control with a slow reader (RFC 9293 sections 3.8.6 and 3.8.6.1): the server application reads one segment
 * (1448 bytes) a second from a receive buffer of four while the client has 32 KiB to send. The window closes, the client probes it
 * with the persist timer (probes seen on the wire, each answered), nothing is lost or retransmitted, and every byte
 * arrives in order.
 */
class TcpZeroWindowTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int SIZE = 32 * 1024;
    /** The reader takes one segment's worth (1448 bytes with timestamps) a second from a buffer of four. */
    private static final int SEGMENT = 1448;
    private static final int READ_PER_SECOND = SEGMENT;

    @Test
    void slowReader_closesTheWindow_senderProbes_nothingLost_transferCompletes() throws NoSuchAlgorithmException {
        List<FrameCapture.Frame> wire = new ArrayList<>();
        List<TraceEvent.TcpRetransmit> retransmits = new ArrayList<>();
        FrameCapture.Sink capture = (time, frame) -> wire.add(new FrameCapture.Frame(time, frame));
        var clientPort = FrameCapture.of("client", 0, capture);
        TcpLan lan = new TcpLan(1, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)), event -> {
            clientPort.emit(event);
            if (event instanceof TraceEvent.TcpRetransmit r) {
                retransmits.add(r);
            }
        });
        byte[] data = new byte[SIZE];
        new SplittableRandom(7).nextBytes(data);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long[] receivedBytes = {0};
        long[] endAt = {-1};

        TcpConfig smallWindow = TcpConfig.DEFAULT.withBuffers(256 * 1024, 4 * SEGMENT);
        lan.server.tcpListen(Ipv4Address.ANY, 80, 4, 4, smallWindow).onAccept(server -> {
            // The slow reader: 1000 bytes a second, whatever is waiting.
            Runnable[] readSome = new Runnable[1];
            readSome[0] = () -> {
                byte[] buffer = new byte[READ_PER_SECOND];
                int n = server.read(buffer);
                if (n > 0) {
                    received.update(buffer, 0, n);
                    receivedBytes[0] += n;
                }
                if (n < 0) {
                    endAt[0] = lan.network.now();
                    server.close();
                } else {
                    lan.network.schedule(lan.network.now() + SECOND, readSome[0]);
                }
            };
            lan.network.schedule(lan.network.now() + SECOND, readSome[0]);
        });
        TcpSocket client = lan.client.tcpConnect(TcpLan.SERVER, 80);
        assertThat(client.write(data)).isEqualTo(SIZE);
        client.shutdownOutput();
        client.onReadable(s -> {
            if (s.read(new byte[16]) < 0) {
                s.close();
            }
        });
        lan.network.runFor(Duration.ofSeconds(60));

        // Complete and byte-exact, at the reader's pace.
        assertThat(receivedBytes[0]).isEqualTo(SIZE);
        assertThat(received.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        // 23 reads bring the 32,768 bytes, the next one the end of the stream: the window never held the reader back.
        int reads = Math.ceilDiv(SIZE, READ_PER_SECOND) + 1;
        assertThat(endAt[0]).isBetween(reads * SECOND, reads * SECOND + SECOND / 10);
        // Nothing was lost or sent twice.
        assertThat(lan.link.aToB().counters().framesDelivered()).isEqualTo(lan.link.aToB().counters().framesSent());
        assertThat(lan.link.bToA().counters().framesDelivered()).isEqualTo(lan.link.bToA().counters().framesSent());
        assertThat(retransmits).isEmpty();

        // On the wire: the server announced a zero window, and the client probed it (Linux's probe: SEG.SEQ =
        // SND.UNA - 1, no data), each probe answered by an ACK from the server.
        List<TcpSegment> fromServer = new ArrayList<>();
        int probes = 0;
        int answeredProbes = 0;
        SeqNum lastAck = null;
        boolean probePending = false;
        for (FrameCapture.Frame frame : wire) {
            if (!Decoded.isTcp(frame.bytes())) {
                continue;
            }
            TcpSegment segment = Decoded.tcp(frame.bytes());
            TcpHeader header = segment.header();
            boolean fromClient = Decoded.ipv4(frame.bytes()).header().source().equals(TcpLan.CLIENT);
            if (!fromClient) {
                fromServer.add(segment);
                lastAck = header.acknowledgmentNumber();
                if (probePending) {
                    answeredProbes++;
                    probePending = false;
                }
            } else if (lastAck != null && segment.payload().byteSize() == 0 && header.flags() == TcpHeader.ACK
                    && header.sequenceNumber().equals(lastAck.plus(-1))) {
                probes++;
                probePending = true;
            }
        }
        assertThat(fromServer).anySatisfy(s -> assertThat(s.header().window()).isZero());
        assertThat(probes).isGreaterThanOrEqualTo(3);
        assertThat(answeredProbes).isEqualTo(probes);
    }
}
