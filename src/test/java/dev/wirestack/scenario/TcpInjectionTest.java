package dev.wirestack.scenario;

import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Frames;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpSegment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile segments against an established connection, on a simulated LAN: an attacker on the switch, who sees the
 * connection's sequence numbers (the worst case: an on-path observer that cannot remove frames), injects segments
 * spoofed from the client. The connection-level scripts (dev.wirestack.tcp.TcpRstTest) check each rule segment by
 * segment; this checks the whole host: the connection survives, the application never reads a byte the client did
 * not send, and the server answers as RFC 5961 asks (challenge ACKs to the real client).
 */
class TcpInjectionTest {
    private static final long MS = 1_000_000L;
    private static final MacAddress SERVER_MAC = MacAddress.local(3);
    private static final MacAddress ATTACKER_MAC = MacAddress.local(66);
    private static final byte[] INJECTED = "EVIL".getBytes(StandardCharsets.US_ASCII);

    @Test
    void injectedSegments_neverReachTheApplication_andTheConnectionSurvives_rfc5961() {
        List<FrameCapture.Frame> serverWire = new ArrayList<>();
        SimNetwork network = new SimNetwork(5, FrameCapture.into("server", 0, serverWire));
        Host client = network.addHost(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24"));
        Host server = network.addHost(Host.builder("server").iface(SERVER_MAC, "10.1.0.3/24"));
        Injector attacker = network.add("attacker", new Injector());
        EthernetSwitch lan = network.addSwitch("sw", 3);
        LinkSpec spec = LinkSpec.ethernet100M().delay(Duration.ofMillis(1));
        network.link(client, 0, lan, 0, spec);
        network.link(server, 0, lan, 1, spec);
        network.link(attacker, 0, lan, 2, spec);

        ByteArrayOutputStream read = new ByteArrayOutputStream();
        TcpSocket[] accepted = new TcpSocket[1];
        server.tcpListen(80, 4).onAccept(socket -> {
            accepted[0] = socket;
            socket.onReadable(s -> {
                byte[] buffer = new byte[1024];
                int n;
                while ((n = s.read(buffer)) > 0) {
                    read.write(buffer, 0, n);
                }
            });
        });
        // Without timestamps, so that PAWS does not stop the injected segments before the RFC 5961 checks.
        TcpSocket socket = client.tcpConnect(TcpLan.SERVER, 80, TcpConfig.DEFAULT.withOptions(true, false, true));
        socket.write("hello ".getBytes(StandardCharsets.US_ASCII));
        network.runFor(Duration.ofSeconds(1));
        assertThat(read.toString(StandardCharsets.US_ASCII)).isEqualTo("hello ");

        // What the attacker sniffed: RCV.NXT of the server (the end of the client's last segment) and its SND.NXT
        // (the client's last ACK).
        TcpSegment last = lastFromClient(serverWire);
        SeqNum rcvNxt = last.header().sequenceNumber().plus((int) last.payload().byteSize());
        SeqNum sndNxt = last.header().acknowledgmentNumber();
        int clientPort = socket.localEndpoint().port();
        int window = 1 << 20; // well inside the server's 256 KiB receive window
        int serverAcksBefore = acksFromServer(serverWire);

        List<byte[]> attack = List.of(
                // In-window data with a broken checksum: dropped before TCP looks at it.
                withBadChecksum(spoofed(clientPort, rcvNxt, sndNxt, TcpHeader.ACK | TcpHeader.PSH, INJECTED)),
                // Data far outside the receive window: not acceptable (RFC 9293 3.10.7.4 first), answered by an ACK.
                spoofed(clientPort, rcvNxt.plus(window), sndNxt, TcpHeader.ACK | TcpHeader.PSH, INJECTED),
                // A RST in the window but not at RCV.NXT: a challenge ACK, no reset (RFC 5961 section 3.2).
                spoofed(clientPort, rcvNxt.plus(100), SeqNum.ZERO, TcpHeader.RST, new byte[0]),
                // A RST outside the window: silently dropped (RFC 5961 section 3.2).
                spoofed(clientPort, rcvNxt.plus(window), SeqNum.ZERO, TcpHeader.RST, new byte[0]),
                // A SYN on the synchronized connection: a challenge ACK (RFC 5961 section 4.2).
                spoofed(clientPort, rcvNxt.plus(5), SeqNum.ZERO, TcpHeader.SYN, new byte[0]),
                // Data at RCV.NXT acknowledging what the server never sent: discarded with an ACK (RFC 5961 5.2).
                spoofed(clientPort, rcvNxt, sndNxt.plus(100_000), TcpHeader.ACK | TcpHeader.PSH, INJECTED),
                // Data at RCV.NXT with an ACK too old to be acceptable (below SND.UNA - MAX.SND.WND): the same.
                spoofed(clientPort, rcvNxt, sndNxt.plus(-(1 << 30)), TcpHeader.ACK | TcpHeader.PSH, INJECTED));
        long at = network.now();
        // Half a second apart: a connection sends at most one challenge ACK per 500 ms (RFC 5961 section 7).
        for (int i = 0; i < attack.size(); i++) {
            byte[] frame = attack.get(i);
            network.schedule(at + i * 500 * MS, () -> attacker.send(frame));
        }
        network.runFor(Duration.ofSeconds(4));

        assertThat(server.stats().drops(DropReason.BAD_CHECKSUM)).isOne();
        assertThat(accepted[0].state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(socket.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(read.toString(StandardCharsets.US_ASCII)).isEqualTo("hello ");
        // An ACK for each segment that called for one: out-of-window data, the in-window RST, the SYN, and the two
        // segments with unacceptable ACKs.
        assertThat(acksFromServer(serverWire) - serverAcksBefore).isEqualTo(5);

        // The real client carries on as if nothing happened.
        socket.write("world".getBytes(StandardCharsets.US_ASCII));
        socket.close();
        network.runFor(Duration.ofSeconds(1));
        assertThat(read.toString(StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(accepted[0].error()).isNull();
        assertThat(socket.error()).isNull();
    }

    private static TcpSegment lastFromClient(List<FrameCapture.Frame> wire) {
        TcpSegment last = null;
        for (FrameCapture.Frame frame : wire) {
            if (Decoded.isTcp(frame.bytes()) && Decoded.ipv4(frame.bytes()).header().source().equals(TcpLan.CLIENT)) {
                last = Decoded.tcp(frame.bytes());
            }
        }
        return last;
    }

    /** Segments the server sent to the client without data, SYN, FIN or RST: ACKs. */
    private static int acksFromServer(List<FrameCapture.Frame> wire) {
        int acks = 0;
        for (FrameCapture.Frame frame : wire) {
            if (Decoded.isTcp(frame.bytes()) && Decoded.ipv4(frame.bytes()).header().source().equals(TcpLan.SERVER)) {
                TcpSegment segment = Decoded.tcp(frame.bytes());
                if (segment.header().flags() == TcpHeader.ACK && segment.payload().byteSize() == 0) {
                    acks++;
                }
            }
        }
        return acks;
    }

    /** A segment from the client's address and port to the server's port 80, in a frame from the attacker. */
    private static byte[] spoofed(int clientPort, SeqNum seq, SeqNum ack, int flags, byte[] payload) {
        TcpHeader header = new TcpHeader(clientPort, 80, seq, ack, flags, 64240, 0, TcpOptions.NONE);
        byte[] segment = new byte[header.length() + payload.length];
        header.emit(MemorySegment.ofArray(segment), MemorySegment.ofArray(payload), TcpLan.CLIENT, TcpLan.SERVER);
        byte[] datagram = Frames.ipv4(Ipv4Header.of(TcpLan.CLIENT, TcpLan.SERVER, Ipv4Header.PROTOCOL_TCP, 64,
                segment.length, 7), segment);
        return Frames.ethernet(EthernetHeader.untagged(SERVER_MAC, ATTACKER_MAC, EthernetHeader.ETHERTYPE_IPV4),
                datagram);
    }

    /** The frame with its TCP checksum (bytes 16-17 of the segment, after 14 + 20 bytes of headers) broken. */
    private static byte[] withBadChecksum(byte[] frame) {
        frame[EthernetHeader.HEADER_LENGTH + 20 + 16] ^= 0x5a;
        return frame;
    }
}
