package dev.wirestack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Frames;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.PcapWriter;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DissectCommandTest {
    private static final MacAddress CLIENT_MAC = MacAddress.local(1);
    private static final MacAddress SERVER_MAC = MacAddress.local(2);
    private static final Ipv4Address CLIENT = Ipv4Address.parse("10.1.0.2");
    private static final Ipv4Address SERVER = Ipv4Address.parse("10.2.0.2");

    @TempDir
    Path dir;

    @Test
    void describesEachFrameLayerByLayer() throws IOException {
        Path pcap = dir.resolve("mixed.pcap");
        try (OutputStream file = Files.newOutputStream(pcap); PcapWriter writer = new PcapWriter(file)) {
            writer.write(0, arpRequest());
            writer.write(1_500_000, ipv4Frame(Ipv4Header.PROTOCOL_ICMP, icmpEcho()));
            writer.write(2_000_000_001L, ipv4Frame(Ipv4Header.PROTOCOL_UDP, udp()));
            writer.write(3_000_000_000L, ipv4Frame(Ipv4Header.PROTOCOL_TCP, tcpSyn()));
        }

        Cli.Result result = Cli.run("dissect", pcap.toString());

        assertThat(result.code()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "Frame 1: 60 bytes at 0.000000000 s",
                "  Ethernet II, 02:00:00:00:00:01 -> ff:ff:ff:ff:ff:ff, type ARP (0x0806)",
                "  ARP request: who has 10.2.0.2? tell 10.1.0.2 (02:00:00:00:00:01)",
                "Frame 2: 98 bytes at 0.001500000 s",
                "  Ethernet II, 02:00:00:00:00:01 -> 02:00:00:00:00:02, type IPv4 (0x0800)",
                "  IPv4, 10.1.0.2 -> 10.2.0.2, ttl 64, id 0x0007, proto ICMP (1), len 84",
                "  ICMP echo request, id 42, seq 1, 56 bytes",
                "Frame 3: 60 bytes at 2.000000001 s",
                "  Ethernet II, 02:00:00:00:00:01 -> 02:00:00:00:00:02, type IPv4 (0x0800)",
                "  IPv4, 10.1.0.2 -> 10.2.0.2, ttl 64, id 0x0007, proto UDP (17), len 32",
                "  UDP, port 40000 -> 7, 4 bytes",
                "Frame 4: 74 bytes at 3.000000000 s",
                "  Ethernet II, 02:00:00:00:00:01 -> 02:00:00:00:00:02, type IPv4 (0x0800)",
                "  IPv4, 10.1.0.2 -> 10.2.0.2, ttl 64, id 0x0007, proto TCP (6), len 60",
                "  TCP, port 40000 -> 80 [SYN], seq 1000, ack 0, win 64240, 0 bytes, options "
                        + TcpOptions.NONE.withMss(1460).withSackPermitted(true).withWindowScale(7)
                        .withTimestamps(new TcpOptions.Timestamps(1, 0)));
    }

    @Test
    void aCorruptedLayerIsNamedNotThrown() throws IOException {
        byte[] frame = ipv4Frame(Ipv4Header.PROTOCOL_UDP, udp());
        frame[EthernetHeader.HEADER_LENGTH + 10] ^= 0x01; // the IPv4 header checksum
        Path pcap = dir.resolve("bad.pcap");
        try (OutputStream file = Files.newOutputStream(pcap); PcapWriter writer = new PcapWriter(file)) {
            writer.write(0, frame);
        }

        Cli.Result result = Cli.run("dissect", pcap.toString());

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("[Malformed: ipv4.checksum at byte 10: BAD_CHECKSUM");
    }

    @Test
    void aFileThatIsNotAPcapGetsOneLineAndExitCode2() throws IOException {
        Path notPcap = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture at all");
        Cli.Result result = Cli.run("dissect", notPcap.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().startsWith("wirestack: not a readable pcap file");
    }

    @Test
    void aMissingFileGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("dissect", dir.resolve("absent.pcap").toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().startsWith("wirestack: no such file");
    }

    private static byte[] arpRequest() {
        return Frames.ethernet(EthernetHeader.untagged(MacAddress.BROADCAST, CLIENT_MAC, EthernetHeader.ETHERTYPE_ARP),
                Frames.arp(ArpPacket.request(CLIENT_MAC, CLIENT, SERVER)));
    }

    private static byte[] icmpEcho() {
        return Frames.icmp(IcmpHeader.echoRequest(42, 1), new byte[56]);
    }

    private static byte[] udp() {
        return Frames.udp(40000, 7, "ping".getBytes(), CLIENT, SERVER);
    }

    private static byte[] tcpSyn() {
        TcpOptions options = TcpOptions.NONE.withMss(1460).withSackPermitted(true).withWindowScale(7)
                .withTimestamps(new TcpOptions.Timestamps(1, 0));
        TcpHeader syn = TcpHeader.of(40000, 80, SeqNum.of(1000), SeqNum.ZERO, TcpHeader.SYN, 64240).withOptions(options);
        byte[] segment = new byte[syn.length()];
        syn.emit(MemorySegment.ofArray(segment), MemorySegment.ofArray(new byte[0]), CLIENT, SERVER);
        return segment;
    }

    private static byte[] ipv4Frame(int protocol, byte[] transport) {
        Ipv4Header ip = Ipv4Header.of(CLIENT, SERVER, protocol, 64, transport.length, 7);
        return Frames.ethernet(EthernetHeader.untagged(SERVER_MAC, CLIENT_MAC, EthernetHeader.ETHERTYPE_IPV4),
                Frames.ipv4(ip, transport));
    }
}
