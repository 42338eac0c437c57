package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wireshark's dissectors, with checksum validation on, find nothing wrong in what the emitters write. */
class TsharkValidationTest {
    private static final MacAddress A_MAC = MacAddress.local(1);
    private static final MacAddress B_MAC = MacAddress.local(2);
    private static final Ipv4Address A_IP = Ipv4Address.parse("10.77.0.1");
    private static final Ipv4Address B_IP = Ipv4Address.parse("10.77.0.2");

    @TempDir
    Path directory;

    @Test
    void framesOfEveryFormatAreValid() throws IOException, MalformedPacketException {
        List<byte[]> frames = new ArrayList<>();
        frames.add(ethernet(MacAddress.BROADCAST, EthernetHeader.ETHERTYPE_ARP,
                Frames.arp(ArpPacket.request(A_MAC, A_IP, B_IP))));
        frames.add(ethernet(A_MAC, EthernetHeader.ETHERTYPE_ARP, Frames.arp(ArpPacket.reply(B_MAC, B_IP, A_MAC, A_IP))));
        byte[] echoData = "abcdefghijklmnopqrstuvwxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        frames.add(ip(A_IP, B_IP, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(IcmpHeader.echoRequest(0x77, 1), echoData)));
        frames.add(ip(B_IP, A_IP, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(IcmpHeader.echoReply(0x77, 1), echoData)));

        // A 1000-byte echo in three fragments of at most 400 bytes of payload.
        byte[] bigEcho = Frames.icmp(IcmpHeader.echoRequest(0x77, 2), new byte[992]);
        Ipv4Header whole = Ipv4Header.of(A_IP, B_IP, Ipv4Header.PROTOCOL_ICMP, 64, bigEcho.length, 0x4242);
        List<byte[]> fragments = Frames.fragments(whole, bigEcho, 400);
        assertThat(fragments).hasSize(3);
        fragments.forEach(datagram -> frames.add(ethernet(B_MAC, EthernetHeader.ETHERTYPE_IPV4, datagram)));

        byte[] dnsQuery = Golden.bytes("1234 0100 0001 0000 0000 0000 076578616d706c6503636f6d00 0001 0001");
        byte[] udpDatagram = Frames.ipv4(Ipv4Header.of(A_IP, B_IP, Ipv4Header.PROTOCOL_UDP, 64, 8 + dnsQuery.length, 5),
                Frames.udp(40000, 53, dnsQuery, A_IP, B_IP));
        frames.add(ethernet(B_MAC, EthernetHeader.ETHERTYPE_IPV4, udpDatagram));
        frames.add(Frames.ethernet(EthernetHeader.tagged(B_MAC, A_MAC, EthernetHeader.ETHERTYPE_IPV4, 77, 3),
                udpDatagram));

        Ipv4Header offending = Ipv4Header.parse(MemorySegment.ofArray(udpDatagram)).header();
        byte[] quote = java.util.Arrays.copyOf(udpDatagram, IcmpHeader.quoteLength(offending));
        frames.add(ip(B_IP, A_IP, Ipv4Header.PROTOCOL_ICMP,
                Frames.icmp(IcmpHeader.destinationUnreachable(IcmpHeader.PORT_UNREACHABLE, 0), quote)));
        frames.add(ip(B_IP, A_IP, Ipv4Header.PROTOCOL_ICMP,
                Frames.icmp(IcmpHeader.timeExceeded(IcmpHeader.TTL_EXCEEDED), quote)));
        frames.add(ip(B_IP, A_IP, Ipv4Header.PROTOCOL_UDP, Frames.udp(53, 40000, new byte[0], B_IP, A_IP)));

        TsharkCheck.Result result = TsharkCheck.assertClean(write(frames));

        assertThat(result.frames()).isEqualTo(frames.size());
    }

    @Test
    void aBadChecksumAndATruncatedDatagramAreCaught() throws IOException {
        byte[] badChecksum = ip(A_IP, B_IP, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(IcmpHeader.echoRequest(1, 1),
                new byte[8]));
        badChecksum[14 + 8] ^= 1; // the TTL, covered by the IPv4 header checksum
        byte[] truncated = java.util.Arrays.copyOf(
                ip(A_IP, B_IP, Ipv4Header.PROTOCOL_UDP, Frames.udp(1, 2, new byte[100], A_IP, B_IP)), 40);

        TsharkCheck.Result result = TsharkCheck.check(write(List.of(badChecksum, truncated)));

        assertThat(result.badChecksums()).isEqualTo(1);
        assertThat(result.malformedFrames()).isEqualTo(1);
        assertThat(result.isClean()).isFalse();
    }

    private Path write(List<byte[]> frames) throws IOException {
        Path file = directory.resolve("frames.pcap");
        try (OutputStream out = Files.newOutputStream(file); PcapWriter writer = new PcapWriter(out)) {
            long time = 1_700_000_000_000_000_000L;
            for (byte[] frame : frames) {
                writer.write(time, frame);
                time += 1_000_001;
            }
        }
        return file;
    }

    private static byte[] ethernet(MacAddress destination, int etherType, byte[] payload) {
        return Frames.ethernet(EthernetHeader.untagged(destination, A_MAC, etherType), payload);
    }

    private static byte[] ip(Ipv4Address source, Ipv4Address destination, int protocol, byte[] payload) {
        byte[] datagram = Frames.ipv4(Ipv4Header.of(source, destination, protocol, 64, payload.length, 9), payload);
        return ethernet(B_MAC, EthernetHeader.ETHERTYPE_IPV4, datagram);
    }
}
