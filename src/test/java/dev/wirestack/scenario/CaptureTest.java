package dev.wirestack.scenario;

import dev.wirestack.icmp.PingSocket;
import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.PcapWriter;
import dev.wirestack.wire.TsharkCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A packet capture of the client's interface during a ping, a traceroute and some UDP (one datagram big enough to be
 * fragmented, one to a closed port) is what Wireshark calls valid, and it is a function of the seed: the same seed
 * writes the same file byte for byte, another seed a different one.
 */
class CaptureTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path directory;

    @Test
    void theClientsPcapOfPingTracerouteAndUdp_passesTshark_noMalformedFrames_noBadChecksums() throws IOException {
        Path pcap = capture("clean.pcap", 1, 0);

        TsharkCheck.Result result = TsharkCheck.assertClean(pcap);
        // ARP both ways, 3 echoes and replies, 4 probes and answers, 6 + 1 UDP frames out, port unreachable back.
        assertThat(result.frames()).isGreaterThanOrEqualTo(2 + 3 * 2 + 4 * 2 + 7 + 1);
    }

    @Test
    void theSameSeedWritesTheSamePcapByteForByte_anotherSeedADifferentOne() throws IOException {
        Path first = capture("first.pcap", 5, 0.1);
        Path again = capture("again.pcap", 5, 0.1);
        Path other = capture("other.pcap", 6, 0.1);

        assertThat(Files.size(first)).isGreaterThan(24);
        assertThat(Files.mismatch(first, again)).as("first differing byte").isEqualTo(-1);
        assertThat(Files.mismatch(first, other)).isNotEqualTo(-1);
        TsharkCheck.assertClean(other);
    }

    /** Runs the whole story in the built-in network with the given seed and loss, capturing the client's interface. */
    private Path capture(String name, long seed, double loss) throws IOException {
        Path file = directory.resolve(name);
        try (PcapWriter pcap = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(file)))) {
            ReferenceNetwork reference = new ReferenceNetwork(seed, loss, FrameCapture.of("client", 0, (time, frame) -> {
                try {
                    pcap.write(time, frame);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            SimNetwork network = reference.network();
            PingSocket ping = reference.client().openPing(event -> { });
            for (int sequence = 1; sequence <= 3; sequence++) {
                int seq = sequence;
                network.schedule(seq * SECOND, () -> ping.send(ReferenceNetwork.SERVER, seq, 56));
            }
            PingSocket traceroute = reference.client().openPing(event -> { });
            for (int ttl = 1; ttl <= 4; ttl++) {
                int hop = ttl;
                network.schedule((4 + hop) * SECOND, () -> traceroute.send(ReferenceNetwork.SERVER, hop, 32, hop));
            }
            reference.server().openUdp(9000);
            UdpSocket udp = reference.client().openUdp(0);
            network.schedule(9 * SECOND, () -> udp.send(ReferenceNetwork.SERVER, 9000, new byte[8000]));
            network.schedule(10 * SECOND, () -> udp.send(ReferenceNetwork.SERVER, 9001, new byte[] {1, 2, 3}));
            network.runUntil(12 * SECOND);
        }
        return file;
    }
}
