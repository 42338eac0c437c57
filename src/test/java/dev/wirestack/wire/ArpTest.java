package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class ArpTest {

    @Test
    void deconstructsARequest() throws MalformedPacketException {
        EthernetFrame frame = EthernetHeader.parse(Golden.segment(Golden.ARP_REQUEST));

        assertThat(frame.header().destination()).isEqualTo(MacAddress.BROADCAST);
        assertThat(frame.header().source()).isEqualTo(Golden.HOST_MAC);
        assertThat(frame.header().etherType()).isEqualTo(EthernetHeader.ETHERTYPE_ARP);
        assertThat(frame.header().isTagged()).isFalse();
        assertThat(frame.payload().byteSize()).as("ARP plus 18 bytes of padding").isEqualTo(46);

        ArpPacket arp = ArpPacket.parse(frame.payload());
        assertThat(arp.operation()).isEqualTo(ArpPacket.REQUEST);
        assertThat(arp.senderMac()).isEqualTo(Golden.HOST_MAC);
        assertThat(arp.senderIp()).isEqualTo(Golden.HOST_IP);
        assertThat(arp.targetMac()).isEqualTo(MacAddress.ZERO);
        assertThat(arp.targetIp()).isEqualTo(Golden.ROUTER_IP);
        assertThat(arp.isGratuitous()).isFalse();
    }

    @Test
    void constructsTheSameRequest() {
        byte[] out = new byte[EthernetHeader.MIN_FRAME_LENGTH];
        MemorySegment frame = MemorySegment.ofArray(out);
        EthernetHeader.untagged(MacAddress.BROADCAST, Golden.HOST_MAC, EthernetHeader.ETHERTYPE_ARP).emit(frame);
        ArpPacket.request(Golden.HOST_MAC, Golden.HOST_IP, Golden.ROUTER_IP)
                .emit(frame.asSlice(EthernetHeader.HEADER_LENGTH));

        assertThat(out).isEqualTo(Golden.bytes(Golden.ARP_REQUEST));
    }

    @Test
    void aReplySwapsTheRoles() throws MalformedPacketException {
        ArpPacket reply = ArpPacket.reply(Golden.ROUTER_MAC, Golden.ROUTER_IP, Golden.HOST_MAC, Golden.HOST_IP);
        byte[] out = new byte[ArpPacket.LENGTH];
        reply.emit(MemorySegment.ofArray(out));

        assertThat(out).isEqualTo(Golden.bytes(
                "0001 0800 06 04 0002 5254009abcde c0a80101 525400123456 c0a8010a"));
        assertThat(ArpPacket.parse(MemorySegment.ofArray(out))).isEqualTo(reply);
    }

    @Test
    void aGratuitousArpNamesItsSenderAsTarget() {
        assertThat(ArpPacket.request(Golden.HOST_MAC, Golden.HOST_IP, Golden.HOST_IP).isGratuitous()).isTrue();
    }
}
