package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a parser refuses input, each with the exact problem it reports. */
class MalformedPacketTest {
    private static final byte[] ETHERNET = Golden.bytes(Golden.ICMP_ECHO_REQUEST);
    private static final byte[] IPV4 = Arrays.copyOfRange(ETHERNET, 14, ETHERNET.length);
    private static final byte[] ICMP = Arrays.copyOfRange(IPV4, 20, IPV4.length);
    private static final byte[] ARP = Arrays.copyOfRange(Golden.bytes(Golden.ARP_REQUEST), 14, 42);
    private static final byte[] DNS_FRAME = Golden.bytes(Golden.UDP_DNS_QUERY);
    private static final byte[] UDP = Arrays.copyOfRange(DNS_FRAME, 34, DNS_FRAME.length);
    private static final byte[] PCAP = pcapOf(Golden.bytes(Golden.ARP_REQUEST));

    @FunctionalInterface
    interface Parser {
        void parse(byte[] input) throws MalformedPacketException, IOException;
    }

    private static final Parser ETHERNET_PARSER = in -> EthernetHeader.parse(MemorySegment.ofArray(in));
    private static final Parser ARP_PARSER = in -> ArpPacket.parse(MemorySegment.ofArray(in));
    private static final Parser IPV4_PARSER = in -> Ipv4Header.parse(MemorySegment.ofArray(in));
    private static final Parser ICMP_PARSER = in -> IcmpHeader.parse(MemorySegment.ofArray(in));
    private static final Parser ICMP_QUOTE_PARSER = in -> IcmpHeader.parse(MemorySegment.ofArray(in)).quotedHeader();
    private static final Parser UDP_PARSER =
            in -> UdpHeader.parse(MemorySegment.ofArray(in), Golden.HOST_IP, Golden.DNS_SERVER);
    private static final Parser UDP_WRONG_ADDRESS_PARSER =
            in -> UdpHeader.parse(MemorySegment.ofArray(in), Golden.HOST_IP, Golden.ROUTER_IP);
    private static final Parser PCAP_PARSER = in -> {
        try (PcapReader reader = new PcapReader(new ByteArrayInputStream(in))) {
            reader.readAll();
        }
    };

    static Stream<Arguments> cases() {
        return Stream.of(
                // Ethernet
                row("empty frame", ETHERNET_PARSER, new byte[0], Layer.ETHERNET, "header", 0, ProblemKind.TRUNCATED),
                row("13-byte frame", ETHERNET_PARSER, cut(ETHERNET, 13), Layer.ETHERNET, "header", 0,
                        ProblemKind.TRUNCATED),
                row("802.1Q tag cut short", ETHERNET_PARSER, cut(patch(ETHERNET, 12, "8100"), 17), Layer.ETHERNET,
                        "vlanTag", 14, ProblemKind.TRUNCATED),
                row("802.3 length, not an EtherType", ETHERNET_PARSER, patch(ETHERNET, 12, "05dc"), Layer.ETHERNET,
                        "etherType", 12, ProblemKind.UNSUPPORTED),
                // ARP
                row("ARP without its fixed part", ARP_PARSER, cut(ARP, 7), Layer.ARP, "header", 0,
                        ProblemKind.TRUNCATED),
                row("ARP cut in the addresses", ARP_PARSER, cut(ARP, 27), Layer.ARP, "addresses", 8,
                        ProblemKind.TRUNCATED),
                row("ARP for IEEE 802 hardware", ARP_PARSER, patch(ARP, 0, "0006"), Layer.ARP, "htype", 0,
                        ProblemKind.UNSUPPORTED),
                row("ARP for IPv6", ARP_PARSER, patch(ARP, 2, "86dd"), Layer.ARP, "ptype", 2, ProblemKind.UNSUPPORTED),
                row("ARP with hlen 8", ARP_PARSER, patch(ARP, 4, "08"), Layer.ARP, "hlen", 4, ProblemKind.UNSUPPORTED),
                row("ARP with plen 16", ARP_PARSER, patch(ARP, 5, "10"), Layer.ARP, "plen", 5, ProblemKind.UNSUPPORTED),
                row("RARP request (op 3)", ARP_PARSER, patch(ARP, 6, "0003"), Layer.ARP, "operation", 6,
                        ProblemKind.BAD_VALUE),
                row("ARP op 0", ARP_PARSER, patch(ARP, 6, "0000"), Layer.ARP, "operation", 6, ProblemKind.BAD_VALUE),
                // IPv4
                row("19-byte datagram", IPV4_PARSER, cut(IPV4, 19), Layer.IPV4, "header", 0, ProblemKind.TRUNCATED),
                row("version 6", IPV4_PARSER, patch(IPV4, 0, "65"), Layer.IPV4, "version", 0, ProblemKind.BAD_VERSION),
                row("IHL 4", IPV4_PARSER, patch(IPV4, 0, "44"), Layer.IPV4, "ihl", 0, ProblemKind.BAD_HEADER_LENGTH),
                row("IHL 0", IPV4_PARSER, patch(IPV4, 0, "40"), Layer.IPV4, "ihl", 0, ProblemKind.BAD_HEADER_LENGTH),
                row("IHL 15 past a 40-byte buffer", IPV4_PARSER, cut(patch(IPV4, 0, "4f"), 40), Layer.IPV4, "ihl", 0,
                        ProblemKind.BAD_HEADER_LENGTH),
                row("total length 19 < IHL", IPV4_PARSER, patch(IPV4, 2, "0013"), Layer.IPV4, "totalLength", 2,
                        ProblemKind.BAD_LENGTH),
                row("total length 23 < IHL 6", IPV4_PARSER, ipChecksummed(patch(IPV4, 0, "46 00 0017")), Layer.IPV4,
                        "totalLength", 2, ProblemKind.BAD_LENGTH),
                row("total length past the buffer", IPV4_PARSER, patch(IPV4, 2, "004d"), Layer.IPV4, "totalLength",
                        2, ProblemKind.BAD_LENGTH),
                row("datagram cut in its payload", IPV4_PARSER, cut(IPV4, 50), Layer.IPV4, "totalLength", 2,
                        ProblemKind.BAD_LENGTH),
                row("TTL changed, checksum not", IPV4_PARSER, patch(IPV4, 8, "3f"), Layer.IPV4, "checksum", 10,
                        ProblemKind.BAD_CHECKSUM),
                row("checksum zeroed", IPV4_PARSER, patch(IPV4, 10, "0000"), Layer.IPV4, "checksum", 10,
                        ProblemKind.BAD_CHECKSUM),
                row("reserved flag set", IPV4_PARSER, ipChecksummed(patch(IPV4, 6, "c000")), Layer.IPV4, "flags", 6,
                        ProblemKind.BAD_FLAGS),
                row("fragment ending past 65535", IPV4_PARSER, ipChecksummed(patch(IPV4, 6, "1fff")), Layer.IPV4,
                        "fragmentOffset", 6, ProblemKind.BAD_VALUE),
                // ICMP
                row("7-byte ICMP message", ICMP_PARSER, cut(ICMP, 7), Layer.ICMP, "header", 0, ProblemKind.TRUNCATED),
                row("echo data changed", ICMP_PARSER, patch(ICMP, 20, "ff"), Layer.ICMP, "checksum", 2,
                        ProblemKind.BAD_CHECKSUM),
                row("echo cut short", ICMP_PARSER, cut(ICMP, 40), Layer.ICMP, "checksum", 2, ProblemKind.BAD_CHECKSUM),
                row("error quoting 19 bytes", ICMP_QUOTE_PARSER, icmpError(cut(IPV4, 19)), Layer.IPV4, "header", 0,
                        ProblemKind.TRUNCATED),
                row("error quoting an IPv6 header", ICMP_QUOTE_PARSER, icmpError(patch(cut(IPV4, 28), 0, "60")),
                        Layer.IPV4, "version", 0, ProblemKind.BAD_VERSION),
                row("error quoting a header longer than the quote", ICMP_QUOTE_PARSER,
                        icmpError(patch(cut(IPV4, 28), 0, "48")), Layer.IPV4, "ihl", 0,
                        ProblemKind.BAD_HEADER_LENGTH),
                // UDP
                row("7-byte UDP datagram", UDP_PARSER, cut(UDP, 7), Layer.UDP, "header", 0, ProblemKind.TRUNCATED),
                row("UDP length 7", UDP_PARSER, patch(UDP, 4, "0007"), Layer.UDP, "length", 4, ProblemKind.BAD_LENGTH),
                row("UDP length past the buffer", UDP_PARSER, patch(UDP, 4, "0026"), Layer.UDP, "length", 4,
                        ProblemKind.BAD_LENGTH),
                row("UDP payload changed", UDP_PARSER, patch(UDP, 12, "ff"), Layer.UDP, "checksum", 6,
                        ProblemKind.BAD_CHECKSUM),
                row("UDP for another destination (pseudo-header)", UDP_WRONG_ADDRESS_PARSER, UDP, Layer.UDP,
                        "checksum", 6, ProblemKind.BAD_CHECKSUM),
                row("UDP to port 0", UDP_PARSER, patch(UDP, 2, "0000 0025 0000"), Layer.UDP, "destinationPort", 2,
                        ProblemKind.BAD_VALUE),
                // pcap
                row("empty pcap file", PCAP_PARSER, new byte[0], Layer.PCAP, "fileHeader", 0, ProblemKind.TRUNCATED),
                row("pcapng file", PCAP_PARSER, patch(PCAP, 0, "0a0d0d0a"), Layer.PCAP, "magic", 0,
                        ProblemKind.UNSUPPORTED),
                row("pcap version 3", PCAP_PARSER, patch(PCAP, 4, "0300"), Layer.PCAP, "versionMajor", 4,
                        ProblemKind.BAD_VERSION),
                row("pcap of raw IP (linktype 101)", PCAP_PARSER, patch(PCAP, 20, "65000000"), Layer.PCAP, "linkType",
                        20, ProblemKind.UNSUPPORTED),
                row("pcap record header cut", PCAP_PARSER, cut(PCAP, 30), Layer.PCAP, "recordHeader", 24,
                        ProblemKind.TRUNCATED),
                row("pcap nanoseconds past a second", PCAP_PARSER, patch(PCAP, 28, "00ca9a3b"), Layer.PCAP,
                        "timestampFraction", 28, ProblemKind.BAD_VALUE),
                row("pcap record over 256 KiB", PCAP_PARSER, patch(PCAP, 32, "01000400"), Layer.PCAP,
                        "capturedLength", 32, ProblemKind.BAD_LENGTH),
                row("pcap original length below captured", PCAP_PARSER, patch(PCAP, 36, "3b000000"), Layer.PCAP,
                        "originalLength", 36, ProblemKind.BAD_LENGTH),
                row("pcap frame cut", PCAP_PARSER, cut(PCAP, PCAP.length - 1), Layer.PCAP, "frame", 40,
                        ProblemKind.TRUNCATED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithItsProblem(String name, Parser parser, byte[] input, Layer layer, String field, int offset,
                                 ProblemKind kind) {
        MalformedPacketException refused = catchThrowableOfType(MalformedPacketException.class,
                () -> parser.parse(input));

        assertThat(refused).as("refused as malformed").isNotNull();
        Problem problem = refused.problem();
        assertThat(problem.layer()).isEqualTo(layer);
        assertThat(problem.field()).isEqualTo(field);
        assertThat(problem.offset()).isEqualTo(offset);
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(refused.getMessage()).isEqualTo(problem.describe());
    }

    private static Arguments row(String name, Parser parser, byte[] input, Layer layer, String field, int offset,
                                 ProblemKind kind) {
        return Arguments.of(name, parser, input, layer, field, offset, kind);
    }

    private static byte[] cut(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    private static byte[] patch(byte[] bytes, int offset, String hex) {
        byte[] patched = bytes.clone();
        byte[] replacement = HexFormat.of().parseHex(hex.replace(" ", ""));
        System.arraycopy(replacement, 0, patched, offset, replacement.length);
        return patched;
    }

    /** The datagram with its header checksum made right again, so the check after it is the one that fails. */
    private static byte[] ipChecksummed(byte[] datagram) {
        MemorySegment segment = MemorySegment.ofArray(datagram);
        int headerLength = (datagram[0] & 0x0f) * 4;
        Bytes.putU16(segment, 10, 0);
        Bytes.putU16(segment, 10, Checksum.compute(segment, 0, headerLength));
        return datagram;
    }

    private static byte[] icmpError(byte[] quote) {
        byte[] message = new byte[IcmpHeader.HEADER_LENGTH + quote.length];
        IcmpHeader.timeExceeded(IcmpHeader.TTL_EXCEEDED)
                .emit(MemorySegment.ofArray(message), MemorySegment.ofArray(quote));
        return message;
    }

    private static byte[] pcapOf(byte[] frame) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(file)) {
            writer.write(1_000_000_000L, frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toByteArray();
    }
}
