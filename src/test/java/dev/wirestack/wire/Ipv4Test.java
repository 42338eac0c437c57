package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Ipv4Test {

    @Test
    void linkPaddingIsNotPayload() throws MalformedPacketException {
        // A 28-byte echo datagram arrives in a 60-byte frame: 18 bytes of Ethernet padding follow it.
        byte[] frame = new byte[EthernetHeader.MIN_FRAME_LENGTH];
        MemorySegment segment = MemorySegment.ofArray(frame);
        EthernetHeader.untagged(Golden.ROUTER_MAC, Golden.HOST_MAC, EthernetHeader.ETHERTYPE_IPV4).emit(segment);
        Ipv4Header.of(Golden.HOST_IP, Golden.ROUTER_IP, Ipv4Header.PROTOCOL_ICMP, 64, 8, 1).emit(segment.asSlice(14));
        IcmpHeader.echoRequest(1, 2).emit(segment.asSlice(34), MemorySegment.NULL);

        EthernetFrame ethernet = EthernetHeader.parse(segment);
        Ipv4Packet ip = Ipv4Header.parse(ethernet.payload());

        assertThat(ethernet.payload().byteSize()).isEqualTo(46);
        assertThat(ip.payload().byteSize()).isEqualTo(8);
        assertThat(IcmpHeader.parse(ip.payload()).header()).isEqualTo(IcmpHeader.echoRequest(1, 2));
    }

    @Test
    void optionsAreSkippedAndTheirAreaIsChecksummed() throws MalformedPacketException {
        // IHL 6 with a Router Alert option (RFC 2113: 94 04 0000), a real-world option we do not interpret.
        byte[] datagram = Golden.bytes("4600 0018 0001 0000 01 02 0000 c0a8010a e0000016 94040000");
        MemorySegment segment = MemorySegment.ofArray(datagram);
        Bytes.putU16(segment, 10, Checksum.compute(segment, 0, 24));

        Ipv4Packet ip = Ipv4Header.parse(segment);

        assertThat(ip.header().headerLength()).isEqualTo(24);
        assertThat(ip.header().payloadLength()).isZero();
        assertThat(ip.header().destination()).isEqualTo(Ipv4Address.parse("224.0.0.22"));
    }

    @Test
    void fragmentFieldsAreInBytes() throws MalformedPacketException {
        // Flags/offset word 0x20b9: MF set, offset 185 units = 1480 bytes.
        byte[] datagram = new byte[28];
        MemorySegment segment = MemorySegment.ofArray(datagram);
        Ipv4Header second = Ipv4Header.of(Golden.HOST_IP, Golden.ROUTER_IP, Ipv4Header.PROTOCOL_ICMP, 64, 8, 9)
                .withFragment(1480, true, 28);
        second.emit(segment);

        assertThat(Bytes.u16(segment, 6)).isEqualTo(0x20b9);
        assertThat(Ipv4Header.parse(segment).header()).isEqualTo(second);
        assertThat(second.isFragment()).isTrue();
    }
}
