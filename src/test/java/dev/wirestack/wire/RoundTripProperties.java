package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** For every format, parse(emit(h)) gives back h, and the payload comes back as the same bytes. */
class RoundTripProperties {

    @Property
    void ethernet(@ForAll("ethernetHeaders") EthernetHeader header, @ForAll("payloads") byte[] payload)
            throws MalformedPacketException {
        MemorySegment frame = MemorySegment.ofArray(new byte[header.length() + payload.length]);
        header.emit(frame);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, frame, header.length(), payload.length);

        EthernetFrame parsed = EthernetHeader.parse(frame);

        assertThat(parsed.header()).isEqualTo(header);
        assertThat(Bytes.toArray(parsed.payload())).isEqualTo(payload);
        assertThat(EthernetHeader.parseHeader(frame)).isEqualTo(header);
    }

    @Property
    void arp(@ForAll("arpPackets") ArpPacket packet) throws MalformedPacketException {
        MemorySegment out = MemorySegment.ofArray(new byte[ArpPacket.LENGTH]);
        packet.emit(out);
        assertThat(ArpPacket.parse(out)).isEqualTo(packet);
    }

    @Property
    void ipv4(@ForAll("ipv4Headers") Ipv4Header header, @ForAll byte fill) throws MalformedPacketException {
        byte[] bytes = new byte[header.totalLength()];
        java.util.Arrays.fill(bytes, fill);
        MemorySegment datagram = MemorySegment.ofArray(bytes);
        header.emit(datagram);

        Ipv4Packet parsed = Ipv4Header.parse(datagram);

        assertThat(parsed.header()).isEqualTo(header);
        assertThat(parsed.payload().byteSize()).isEqualTo(header.payloadLength());
    }

    /** A datagram inside a frame: emitted and parsed at its offset, it is the datagram on its own. */
    @Property
    void ipv4AtAnOffset(@ForAll("ipv4Headers") Ipv4Header header, @ForAll @IntRange(max = 18) int offset,
                        @ForAll byte fill) throws MalformedPacketException {
        byte[] alone = new byte[header.totalLength()];
        java.util.Arrays.fill(alone, fill);
        header.emit(MemorySegment.ofArray(alone));
        byte[] frame = new byte[offset + header.totalLength() + 2];
        java.util.Arrays.fill(frame, fill);
        MemorySegment in = MemorySegment.ofArray(frame);

        header.emit(in, offset);
        Ipv4Packet parsed = Ipv4Header.parse(in, offset);

        assertThat(java.util.Arrays.copyOfRange(frame, offset, offset + alone.length)).isEqualTo(alone);
        assertThat(parsed.header()).isEqualTo(header);
        assertThat(parsed.payload().address() - in.address()).isEqualTo(offset + header.headerLength());
        assertThat(parsed.payload().byteSize()).isEqualTo(header.payloadLength());
    }

    @Property
    void icmp(@ForAll("icmpHeaders") IcmpHeader header, @ForAll("payloads") byte[] payload)
            throws MalformedPacketException {
        MemorySegment message = MemorySegment.ofArray(new byte[IcmpHeader.HEADER_LENGTH + payload.length]);
        header.emit(message, MemorySegment.ofArray(payload));

        IcmpPacket parsed = IcmpHeader.parse(message);

        assertThat(parsed.header()).isEqualTo(header);
        assertThat(Bytes.toArray(parsed.payload())).isEqualTo(payload);
    }

    @Property
    void udp(@ForAll("udpPorts") UdpHeader ports, @ForAll("payloads") byte[] payload,
             @ForAll("addresses") Ipv4Address source, @ForAll("addresses") Ipv4Address destination)
            throws MalformedPacketException {
        UdpHeader header = UdpHeader.of(ports.sourcePort(), ports.destinationPort(), payload.length);
        MemorySegment datagram = MemorySegment.ofArray(new byte[header.length()]);
        header.emit(datagram, MemorySegment.ofArray(payload), source, destination);

        UdpDatagram parsed = UdpHeader.parse(datagram, source, destination);

        assertThat(parsed.header()).isEqualTo(header);
        assertThat(Bytes.toArray(parsed.payload())).isEqualTo(payload);
        assertThat(Bytes.u16(datagram, 6)).as("checksum field, never 0 when computed (RFC 768)").isNotZero();
    }

    @Provide
    Arbitrary<EthernetHeader> ethernetHeaders() {
        return WireArbitraries.ethernetHeaders();
    }

    @Provide
    Arbitrary<ArpPacket> arpPackets() {
        return WireArbitraries.arpPackets();
    }

    @Provide
    Arbitrary<Ipv4Header> ipv4Headers() {
        return WireArbitraries.ipv4Headers(0xffff);
    }

    @Provide
    Arbitrary<IcmpHeader> icmpHeaders() {
        return WireArbitraries.icmpHeaders();
    }

    @Provide
    Arbitrary<UdpHeader> udpPorts() {
        return WireArbitraries.udpHeaders(0);
    }

    @Provide
    Arbitrary<Ipv4Address> addresses() {
        return WireArbitraries.ipv4Addresses();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return WireArbitraries.payloads(1600);
    }
}
