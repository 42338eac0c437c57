package dev.wirestack.wire;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of valid headers of every format, shared by the property tests. */
final class WireArbitraries {
    private WireArbitraries() {
    }

    static Arbitrary<MacAddress> macAddresses() {
        return Arbitraries.longs().between(0, 0xffff_ffff_ffffL).map(MacAddress::new);
    }

    static Arbitrary<Ipv4Address> ipv4Addresses() {
        return Arbitraries.integers().map(Ipv4Address::new);
    }

    static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 0xff);
    }

    static Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    static Arbitrary<EthernetHeader> ethernetHeaders() {
        Arbitrary<Integer> etherType = Arbitraries.integers().between(EthernetHeader.MIN_ETHERTYPE, 0xffff)
                .filter(type -> type != EthernetHeader.ETHERTYPE_VLAN);
        Arbitrary<EthernetHeader> untagged = Combinators.combine(macAddresses(), macAddresses(), etherType)
                .as(EthernetHeader::untagged);
        Arbitrary<EthernetHeader> tagged = Combinators.combine(macAddresses(), macAddresses(),
                        Arbitraries.integers().between(EthernetHeader.MIN_ETHERTYPE, 0xffff),
                        Arbitraries.integers().between(0, 4095), Arbitraries.integers().between(0, 7))
                .as(EthernetHeader::tagged);
        return Arbitraries.oneOf(untagged, tagged);
    }

    static Arbitrary<ArpPacket> arpPackets() {
        return Combinators.combine(Arbitraries.of(ArpPacket.REQUEST, ArpPacket.REPLY), macAddresses(),
                ipv4Addresses(), macAddresses(), ipv4Addresses()).as(ArpPacket::new);
    }

    /** IPv4 headers whose payload is at most {@code maxPayload} bytes, with any options length and fragmentation. */
    static Arbitrary<Ipv4Header> ipv4Headers(int maxPayload) {
        Arbitrary<Integer> headerLength = Arbitraries.integers().between(5, 15).map(words -> words * 4);
        Arbitrary<Integer> fragmentOffset = Arbitraries.integers().between(0, 0x1fff).map(units -> units * 8);
        record Layout(int headerLength, int payloadLength, int fragmentOffset, boolean df, boolean mf) {
        }
        Arbitrary<Layout> layout = Combinators.combine(headerLength,
                        Arbitraries.integers().between(0, maxPayload), fragmentOffset,
                        Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as((hl, payload, offset, df, mf) -> new Layout(hl, Math.min(payload,
                        Math.min(0xffff - hl, 0xffff - offset)), offset, df, mf));
        return Combinators.combine(layout, u8(), u16(), u8(), u8(), ipv4Addresses(), ipv4Addresses())
                .as((l, tos, id, ttl, protocol, src, dst) -> new Ipv4Header(tos, l.headerLength + l.payloadLength,
                        id, l.df, l.mf, l.fragmentOffset, ttl, protocol, src, dst, l.headerLength));
    }

    static Arbitrary<IcmpHeader> icmpHeaders() {
        return Combinators.combine(u8(), u8(), Arbitraries.integers()).as(IcmpHeader::new);
    }

    static Arbitrary<UdpHeader> udpHeaders(int maxPayload) {
        return Combinators.combine(u16(), Arbitraries.integers().between(1, 0xffff),
                Arbitraries.integers().between(0, maxPayload)).as(UdpHeader::of);
    }

    static Arbitrary<byte[]> payloads(int maxLength) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(maxLength);
    }
}
