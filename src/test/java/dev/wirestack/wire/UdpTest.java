package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UdpTest {
    private static final int DNS_LENGTH = 29;

    @Test
    void deconstructsADnsQuery() throws MalformedPacketException {
        Ipv4Packet ip = Ipv4Header.parse(EthernetHeader.parse(Golden.segment(Golden.UDP_DNS_QUERY)).payload());
        assertThat(ip.header().protocol()).isEqualTo(Ipv4Header.PROTOCOL_UDP);
        assertThat(ip.header().dontFragment()).isFalse();
        assertThat(ip.header().identification()).isEqualTo(0x3c5d);
        assertThat(ip.header().destination()).isEqualTo(Golden.DNS_SERVER);

        UdpDatagram udp = UdpHeader.parse(ip.payload(), ip.header().source(), ip.header().destination());

        assertThat(udp.header().sourcePort()).isEqualTo(53101);
        assertThat(udp.header().destinationPort()).isEqualTo(53);
        assertThat(udp.header().length()).isEqualTo(8 + DNS_LENGTH);
        assertThat(udp.payload().byteSize()).isEqualTo(DNS_LENGTH);
        assertThat(Bytes.u16(udp.payload(), 0)).as("DNS transaction id").isEqualTo(0x1234);
    }

    @Test
    void constructsTheSameDnsQuery() {
        byte[] golden = Golden.bytes(Golden.UDP_DNS_QUERY);
        MemorySegment dns = MemorySegment.ofArray(Arrays.copyOfRange(golden, golden.length - DNS_LENGTH, golden.length));
        byte[] out = new byte[golden.length];
        MemorySegment frame = MemorySegment.ofArray(out);

        EthernetHeader.untagged(Golden.ROUTER_MAC, Golden.HOST_MAC, EthernetHeader.ETHERTYPE_IPV4).emit(frame);
        Ipv4Header.of(Golden.HOST_IP, Golden.DNS_SERVER, Ipv4Header.PROTOCOL_UDP, 64, 8 + DNS_LENGTH, 0x3c5d)
                .emit(frame.asSlice(14));
        UdpHeader.of(53101, 53, DNS_LENGTH).emit(frame.asSlice(34), dns, Golden.HOST_IP, Golden.DNS_SERVER);

        assertThat(out).isEqualTo(golden);
    }

    @Test
    void aZeroChecksumMeansNoneWasComputed() throws MalformedPacketException {
        byte[] datagram = Golden.bytes("cf6d 0035 0009 0000 ff");
        UdpDatagram udp = UdpHeader.parse(MemorySegment.ofArray(datagram), Golden.HOST_IP, Golden.DNS_SERVER);
        assertThat(udp.header()).isEqualTo(new UdpHeader(53101, 53, 9));
    }

    @Test
    void aComputedChecksumOfZeroIsSentAsAllOnes() throws MalformedPacketException {
        // The pseudo-header 0.0.0.0 -> 0.0.0.0, protocol 17, length 10 sums to 0x001b and the header (ports 0
        // and 1, length 10) to 0x000b; a payload word 0xffd9 brings the sum to 0xffff, whose complement is 0.
        byte[] out = new byte[10];
        UdpHeader.of(0, 1, 2).emit(MemorySegment.ofArray(out), MemorySegment.ofArray(Golden.bytes("ffd9")),
                Ipv4Address.ANY, Ipv4Address.ANY);

        assertThat(Bytes.u16(MemorySegment.ofArray(out), 6)).isEqualTo(0xffff);
        assertThat(UdpHeader.parse(MemorySegment.ofArray(out), Ipv4Address.ANY, Ipv4Address.ANY).header())
                .isEqualTo(UdpHeader.of(0, 1, 2));
    }

    @Test
    void bytesAfterTheUdpLengthAreNotPayload() throws MalformedPacketException {
        UdpDatagram udp = UdpHeader.parse(Golden.segment("cf6d 0035 0009 0000 ff 000000"), Golden.HOST_IP,
                Golden.DNS_SERVER);
        assertThat(Bytes.toArray(udp.payload())).containsExactly(0xff);
    }
}
