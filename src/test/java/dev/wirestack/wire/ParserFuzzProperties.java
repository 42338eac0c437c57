package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Hostile input: every truncation and every single-bit flip of valid frames of each format either parses or is
 * refused with MalformedPacketException. Any other exception is a bug.
 */
class ParserFuzzProperties {
    private static final int MAX_PAYLOAD = 40;

    @Property(tries = 300)
    void everyTruncationAndBitFlipParsesOrIsMalformed(@ForAll("validFrames") byte[] frame) {
        for (int length = 0; length <= frame.length; length++) {
            assertParsesOrIsMalformed(Arrays.copyOf(frame, length));
        }
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] flipped = frame.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertParsesOrIsMalformed(flipped);
        }
    }

    @Property(tries = 300)
    void validFramesParse(@ForAll("validFrames") byte[] frame) throws MalformedPacketException {
        Dissector.allLayers(MemorySegment.ofArray(frame));
    }

    @Property
    void randomBytesNeverBreakAParser(@ForAll @Size(max = 120) byte[] input) {
        MemorySegment in = MemorySegment.ofArray(input);
        for (ThrowingParser parser : new ThrowingParser[] {
                () -> EthernetHeader.parse(in), () -> ArpPacket.parse(in), () -> Ipv4Header.parse(in),
                () -> IcmpHeader.parse(in), () -> Ipv4Header.parseQuoted(in),
                () -> UdpHeader.parse(in, Ipv4Address.ANY, Ipv4Address.BROADCAST)}) {
            Throwable thrown = catchThrowable(parser::parse);
            assertThat(thrown).as("input %s", HexFormat.of().formatHex(input))
                    .satisfiesAnyOf(t -> assertThat(t).isNull(),
                            t -> assertThat(t).isInstanceOf(MalformedPacketException.class));
        }
    }

    /** A single-bit error changes one 16-bit word, so the one's complement sum always changes (RFC 1071). */
    @Property(tries = 200)
    void everySingleBitErrorInAnIpv4HeaderIsRefused(@ForAll("ipv4Headers") Ipv4Header header) {
        byte[] datagram = Frames.ipv4(header, new byte[header.payloadLength()]);
        for (int bit = 0; bit < header.headerLength() * 8; bit++) {
            byte[] flipped = datagram.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(catchThrowable(() -> Ipv4Header.parse(MemorySegment.ofArray(flipped))))
                    .as("bit %d flipped", bit).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Property(tries = 200)
    void everySingleBitErrorInAnIcmpMessageIsRefused(@ForAll("icmpHeaders") IcmpHeader header,
                                                     @ForAll("payloads") byte[] payload) {
        byte[] message = Frames.icmp(header, payload);
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] flipped = message.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(catchThrowable(() -> IcmpHeader.parse(MemorySegment.ofArray(flipped))))
                    .as("bit %d flipped", bit).isInstanceOf(MalformedPacketException.class);
        }
    }

    @Property(tries = 100)
    void everyTruncationAndBitFlipOfAPcapFileReadsOrIsMalformed(@ForAll("validFrames") byte[] frame)
            throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapWriter writer = new PcapWriter(file)) {
            writer.write(1_234_567_890_123L, frame);
            writer.write(1_234_567_990_123L, frame);
        }
        byte[] pcap = file.toByteArray();
        for (int length = 0; length <= pcap.length; length++) {
            assertReadsOrIsMalformed(Arrays.copyOf(pcap, length));
        }
        for (int bit = 0; bit < pcap.length * 8; bit++) {
            byte[] flipped = pcap.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertReadsOrIsMalformed(flipped);
        }
    }

    @Provide
    Arbitrary<byte[]> validFrames() {
        Arbitrary<MacAddress> mac = WireArbitraries.macAddresses();
        Arbitrary<Ipv4Address> ip = WireArbitraries.ipv4Addresses();
        Arbitrary<Integer> vlan = Arbitraries.integers().between(-1, 4095);
        Arbitrary<byte[]> payload = WireArbitraries.payloads(MAX_PAYLOAD);
        Arbitrary<byte[]> arp = WireArbitraries.arpPackets().map(Frames::arp)
                .map(packet -> tag(EthernetHeader.ETHERTYPE_ARP, packet));
        Arbitrary<IcmpHeader> informational = WireArbitraries.icmpHeaders().filter(header -> !header.isError());
        Arbitrary<byte[]> icmp = Combinators.combine(ip, ip, informational, payload)
                .as((src, dst, header, data) -> ipv4(src, dst, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(header, data)));
        Arbitrary<byte[]> icmpError = Combinators.combine(ip, ip, WireArbitraries.ipv4Headers(MAX_PAYLOAD),
                        Arbitraries.of(IcmpHeader.DESTINATION_UNREACHABLE, IcmpHeader.TIME_EXCEEDED))
                .as((src, dst, offending, type) -> {
                    byte[] datagram = Frames.ipv4(offending, new byte[offending.payloadLength()]);
                    byte[] quote = Arrays.copyOf(datagram, IcmpHeader.quoteLength(offending));
                    return ipv4(src, dst, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(new IcmpHeader(type, 0, 0), quote));
                });
        Arbitrary<byte[]> udp = Combinators.combine(ip, ip, WireArbitraries.udpHeaders(0), payload)
                .as((src, dst, ports, data) -> ipv4(src, dst, Ipv4Header.PROTOCOL_UDP,
                        Frames.udp(ports.sourcePort(), ports.destinationPort(), data, src, dst)));
        // Fragments, and datagrams of protocols the dissector does not look into: their payload is opaque.
        Arbitrary<Ipv4Header> opaque = WireArbitraries.ipv4Headers(MAX_PAYLOAD).filter(header -> header.isFragment()
                || header.protocol() != Ipv4Header.PROTOCOL_ICMP && header.protocol() != Ipv4Header.PROTOCOL_UDP);
        Arbitrary<byte[]> fragment = Combinators.combine(opaque, Arbitraries.bytes())
                .as((header, fill) -> {
                    byte[] data = new byte[header.payloadLength()];
                    Arrays.fill(data, fill);
                    return Frames.ipv4(header, data);
                });
        Arbitrary<byte[]> datagrams = Arbitraries.oneOf(icmp, icmpError, udp, fragment);
        return Arbitraries.oneOf(arp, Combinators.combine(mac, mac, vlan, datagrams).as((dst, src, vlanId, datagram) ->
                Frames.ethernet(new EthernetHeader(dst, src, EthernetHeader.ETHERTYPE_IPV4, vlanId, 0), datagram)));
    }

    @Provide
    Arbitrary<Ipv4Header> ipv4Headers() {
        return WireArbitraries.ipv4Headers(MAX_PAYLOAD);
    }

    @Provide
    Arbitrary<IcmpHeader> icmpHeaders() {
        return WireArbitraries.icmpHeaders();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return WireArbitraries.payloads(MAX_PAYLOAD);
    }

    private static byte[] tag(int etherType, byte[] payload) {
        return Frames.ethernet(EthernetHeader.tagged(MacAddress.BROADCAST, MacAddress.local(1), etherType, 7, 3),
                payload);
    }

    private static byte[] ipv4(Ipv4Address source, Ipv4Address destination, int protocol, byte[] payload) {
        return Frames.ipv4(Ipv4Header.of(source, destination, protocol, 64, payload.length, 1), payload);
    }

    private static void assertParsesOrIsMalformed(byte[] frame) {
        Throwable thrown = catchThrowable(() -> Dissector.allLayers(MemorySegment.ofArray(frame)));
        if (thrown != null && !(thrown instanceof MalformedPacketException)) {
            throw new AssertionError("frame " + HexFormat.of().formatHex(frame) + " threw " + thrown, thrown);
        }
    }

    private static void assertReadsOrIsMalformed(byte[] pcap) {
        Throwable thrown = catchThrowable(() -> {
            try (PcapReader reader = new PcapReader(new ByteArrayInputStream(pcap))) {
                reader.readAll();
            }
        });
        if (thrown != null && !(thrown instanceof MalformedPacketException)) {
            throw new AssertionError("pcap " + HexFormat.of().formatHex(pcap) + " threw " + thrown, thrown);
        }
    }

    @FunctionalInterface
    private interface ThrowingParser {
        Object parse() throws MalformedPacketException;
    }
}
