package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IcmpTest {
    private static final int ECHO_DATA_LENGTH = 48;

    @Test
    void deconstructsAnEchoRequest() throws MalformedPacketException {
        EthernetFrame frame = EthernetHeader.parse(Golden.segment(Golden.ICMP_ECHO_REQUEST));
        assertThat(frame.header()).isEqualTo(EthernetHeader.untagged(Golden.ROUTER_MAC, Golden.HOST_MAC,
                EthernetHeader.ETHERTYPE_IPV4));

        Ipv4Packet ip = Ipv4Header.parse(frame.payload());
        Ipv4Header header = ip.header();
        assertThat(header.headerLength()).isEqualTo(20);
        assertThat(header.tos()).isZero();
        assertThat(header.totalLength()).isEqualTo(76);
        assertThat(header.identification()).isEqualTo(0xa1b2);
        assertThat(header.dontFragment()).isTrue();
        assertThat(header.moreFragments()).isFalse();
        assertThat(header.fragmentOffset()).isZero();
        assertThat(header.isFragment()).isFalse();
        assertThat(header.ttl()).isEqualTo(64);
        assertThat(header.protocol()).isEqualTo(Ipv4Header.PROTOCOL_ICMP);
        assertThat(header.source()).isEqualTo(Golden.HOST_IP);
        assertThat(header.destination()).isEqualTo(Golden.ROUTER_IP);

        IcmpPacket icmp = IcmpHeader.parse(ip.payload());
        assertThat(icmp.header().type()).isEqualTo(IcmpHeader.ECHO_REQUEST);
        assertThat(icmp.header().code()).isZero();
        assertThat(icmp.header().identifier()).isEqualTo(0x1c46);
        assertThat(icmp.header().sequence()).isEqualTo(1);
        assertThat(icmp.header().isError()).isFalse();
        assertThat(icmp.payload().byteSize()).isEqualTo(ECHO_DATA_LENGTH);
    }

    @Test
    void constructsTheSameEchoRequest() {
        byte[] golden = Golden.bytes(Golden.ICMP_ECHO_REQUEST);
        MemorySegment echoData = MemorySegment.ofArray(Arrays.copyOfRange(golden, golden.length - ECHO_DATA_LENGTH,
                golden.length));
        byte[] out = new byte[golden.length];
        MemorySegment frame = MemorySegment.ofArray(out);

        EthernetHeader.untagged(Golden.ROUTER_MAC, Golden.HOST_MAC, EthernetHeader.ETHERTYPE_IPV4).emit(frame);
        Ipv4Header.of(Golden.HOST_IP, Golden.ROUTER_IP, Ipv4Header.PROTOCOL_ICMP, 64, 8 + ECHO_DATA_LENGTH, 0xa1b2)
                .withDontFragment(true).emit(frame.asSlice(14));
        IcmpHeader.echoRequest(0x1c46, 1).emit(frame.asSlice(34), echoData);

        assertThat(out).isEqualTo(golden);
    }

    @Test
    void anEchoReplyIsTheRequestWithTypeZero() throws MalformedPacketException {
        MemorySegment request = IcmpHeader.parse(Ipv4Header.parse(
                EthernetHeader.parse(Golden.segment(Golden.ICMP_ECHO_REQUEST)).payload()).payload()).payload();
        byte[] out = new byte[8 + ECHO_DATA_LENGTH];
        IcmpHeader.echoReply(0x1c46, 1).emit(MemorySegment.ofArray(out), request);

        // Only the type byte changes, so the checksum rises by 0x0800: 0x88bc + 0x0800 = 0x90bc.
        assertThat(Arrays.copyOf(out, 8)).isEqualTo(Golden.bytes("00 00 90bc 1c46 0001"));
    }

    @Test
    void portUnreachableQuotesTheOffendingHeaderAndEightBytes() throws MalformedPacketException {
        MemorySegment dnsQuery = EthernetHeader.parse(Golden.segment(Golden.UDP_DNS_QUERY)).payload();
        Ipv4Header offending = Ipv4Header.parse(dnsQuery).header();
        int quoteLength = IcmpHeader.quoteLength(offending);
        assertThat(quoteLength).isEqualTo(28);

        byte[] out = new byte[IcmpHeader.HEADER_LENGTH + quoteLength];
        IcmpHeader.destinationUnreachable(IcmpHeader.PORT_UNREACHABLE, 0)
                .emit(MemorySegment.ofArray(out), dnsQuery.asSlice(0, quoteLength));
        IcmpPacket error = IcmpHeader.parse(MemorySegment.ofArray(out));

        assertThat(error.header().isError()).isTrue();
        assertThat(error.header().code()).isEqualTo(IcmpHeader.PORT_UNREACHABLE);
        assertThat(error.quotedHeader()).isEqualTo(offending);
        assertThat(Bytes.u16(error.quotedPayload(), 0)).as("quoted UDP source port").isEqualTo(53101);
    }

    @Test
    void fragmentationNeededCarriesTheNextHopMtu() throws MalformedPacketException {
        IcmpHeader header = IcmpHeader.destinationUnreachable(IcmpHeader.FRAGMENTATION_NEEDED, 1400);
        byte[] out = new byte[8];
        header.emit(MemorySegment.ofArray(out), MemorySegment.NULL);

        assertThat(Arrays.copyOfRange(out, 4, 8)).isEqualTo(Golden.bytes("0000 0578"));
        assertThat(IcmpHeader.parse(MemorySegment.ofArray(out)).header().nextHopMtu()).isEqualTo(1400);
        assertThatThrownBy(() -> IcmpHeader.destinationUnreachable(IcmpHeader.HOST_UNREACHABLE, 1400))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timeExceededQuotesAFragmentWhoseTotalLengthExceedsTheQuote() throws MalformedPacketException {
        Ipv4Header fragment = Ipv4Header.of(Golden.HOST_IP, Golden.ROUTER_IP, Ipv4Header.PROTOCOL_UDP, 1, 1480, 7)
                .withFragment(0, true, 1500);
        byte[] datagram = new byte[1500];
        fragment.emit(MemorySegment.ofArray(datagram));
        int quoteLength = IcmpHeader.quoteLength(fragment);

        byte[] out = new byte[IcmpHeader.HEADER_LENGTH + quoteLength];
        IcmpHeader.timeExceeded(IcmpHeader.TTL_EXCEEDED)
                .emit(MemorySegment.ofArray(out), MemorySegment.ofArray(datagram).asSlice(0, quoteLength));
        IcmpPacket error = IcmpHeader.parse(MemorySegment.ofArray(out));

        assertThat(error.header().type()).isEqualTo(IcmpHeader.TIME_EXCEEDED);
        assertThat(error.quotedHeader()).isEqualTo(fragment);
    }

    @Test
    void aCorruptQuoteIsMalformed() throws MalformedPacketException {
        byte[] quote = new byte[28];
        Ipv4Header.of(Golden.HOST_IP, Golden.ROUTER_IP, Ipv4Header.PROTOCOL_UDP, 1, 8, 7)
                .emit(MemorySegment.ofArray(quote));
        quote[8] = 2; // the TTL changes, the checksum does not
        byte[] out = new byte[36];
        IcmpHeader.timeExceeded(IcmpHeader.TTL_EXCEEDED).emit(MemorySegment.ofArray(out), MemorySegment.ofArray(quote));
        IcmpPacket error = IcmpHeader.parse(MemorySegment.ofArray(out));

        assertThatThrownBy(error::quotedHeader).isInstanceOfSatisfying(MalformedPacketException.class,
                e -> assertThat(e.problem().kind()).isEqualTo(ProblemKind.BAD_CHECKSUM));
    }
}
