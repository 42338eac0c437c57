package dev.wirestack.stack;

import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.MemorySegment;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed frame is dropped, counted under its reason and traced; the host still answers ping afterwards. */
class HostMalformedFrameTest {
    private static final int IP = 14; // where the IPv4 header starts in an untagged frame

    static byte[] udpFrame() {
        return Frames.datagram(OneHost.MAC, OneHost.PEER_MAC, OneHost.PEER, OneHost.IP, Ipv4Header.PROTOCOL_UDP, 64,
                Frames.udp(OneHost.PEER, OneHost.IP, 4000, 9000, new byte[]{1, 2, 3, 4}));
    }

    static byte[] pingFrame() {
        return Frames.datagram(OneHost.MAC, OneHost.PEER_MAC, OneHost.PEER, OneHost.IP, Ipv4Header.PROTOCOL_ICMP, 64,
                Frames.icmp(IcmpHeader.echoRequest(1, 1), new byte[]{9, 9}));
    }

    static byte[] edit(byte[] frame, UnaryOperator<byte[]> change) {
        return change.apply(frame.clone());
    }

    static Arguments bad(String name, byte[] frame, DropReason reason) {
        return Arguments.of(name, frame, reason);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("ethernet header cut short", new byte[10], DropReason.TRUNCATED),
                bad("802.3 length instead of ethertype", edit(udpFrame(), f -> {
                    f[12] = 0x00;
                    f[13] = 0x40;
                    return f;
                }), DropReason.UNSUPPORTED),
                bad("unknown ethertype", edit(udpFrame(), f -> {
                    f[12] = (byte) 0x86;
                    f[13] = (byte) 0xdd;
                    return f;
                }), DropReason.UNKNOWN_ETHERTYPE),
                bad("another host's MAC", edit(udpFrame(), f -> {
                    MacAddress.local(77).write(MemorySegment.ofArray(f), 0);
                    return f;
                }), DropReason.NOT_OUR_MAC),
                bad("ARP cut short", java.util.Arrays.copyOf(Frames.arp(OneHost.MAC,
                        dev.wirestack.wire.ArpPacket.request(OneHost.PEER_MAC, OneHost.PEER, OneHost.IP)), 14 + 20),
                        DropReason.TRUNCATED),
                bad("IPv4 header checksum wrong", edit(udpFrame(), f -> {
                    f[IP + 10] ^= 0x01;
                    return f;
                }), DropReason.BAD_CHECKSUM),
                bad("IPv4 IHL 4", edit(udpFrame(), f -> {
                    f[IP] = 0x44;
                    return f;
                }), DropReason.BAD_HEADER_LENGTH),
                bad("IPv4 version 6", edit(udpFrame(), f -> {
                    f[IP] = 0x65;
                    return f;
                }), DropReason.BAD_VERSION),
                bad("IPv4 total length past the frame", edit(udpFrame(), f -> {
                    Bytes.putU16(MemorySegment.ofArray(f), IP + 2, 1400);
                    fixIpChecksum(f);
                    return f;
                }), DropReason.BAD_LENGTH),
                bad("UDP checksum wrong", edit(udpFrame(), f -> {
                    f[IP + 20 + 6] ^= 0x10;
                    return f;
                }), DropReason.BAD_CHECKSUM),
                bad("ICMP checksum wrong", edit(pingFrame(), f -> {
                    f[IP + 20 + 2] ^= 0x10;
                    return f;
                }), DropReason.BAD_CHECKSUM),
                bad("UDP length under 8", edit(udpFrame(), f -> {
                    Bytes.putU16(MemorySegment.ofArray(f), IP + 20 + 4, 4);
                    return f;
                }), DropReason.BAD_LENGTH));
    }

    private static void fixIpChecksum(byte[] frame) {
        MemorySegment ip = MemorySegment.ofArray(frame).asSlice(IP, 20);
        Bytes.putU16(ip, 10, 0);
        Bytes.putU16(ip, 10, dev.wirestack.wire.Checksum.compute(ip, 0, 20));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void isDroppedWithItsReason_andTheHostStillAnswersPing(String name, byte[] frame, DropReason reason) {
        OneHost h = new OneHost();
        h.host.openUdp(9000);

        h.host.receiveFrame(1, 0, frame);

        assertThat(h.drain(1)).isEmpty();
        assertThat(h.host.stats().drops(reason)).as(name).isEqualTo(1);
        assertThat(h.host.stats().totalDrops()).isEqualTo(1);
        assertThat(h.events).filteredOn(TraceEvent.Dropped.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((TraceEvent.Dropped) e).reason()).isEqualTo(reason));
        h.ping(2, 5, new byte[]{7});
        assertThat(h.drain(2)).singleElement().satisfies(t ->
                assertThat(Frames.icmpOf(t.frame()).header()).isEqualTo(IcmpHeader.echoReply(0x1234, 5)));
    }
}
