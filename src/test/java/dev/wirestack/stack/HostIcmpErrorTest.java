package dev.wirestack.stack;

import dev.wirestack.link.NetworkNode.Transmission;
import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.MalformedPacketException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ICMP errors: when they are sent, when they must not be (RFC 1122 3.2.2), and their rate limit. */
class HostIcmpErrorTest {
    static final Ipv4Address FAR = Ipv4Address.parse("10.2.0.2");

    static byte[] udpTo(Ipv4Address destination, int port) {
        return Frames.udp(OneHost.PEER, destination, 4000, port, new byte[]{1});
    }

    /** A router at 10.1.0.2 (if0, toward the peer) and 10.2.0.1 (if1, MTU 1000). */
    static OneHost router() {
        return new OneHost(Host.builder("h").forwarding(true).iface(OneHost.MAC, "10.1.0.2/24")
                .iface(MacAddress.local(2), "10.2.0.1/24", 1000), HostConfig.DEFAULT);
    }

    @Test
    void udpToAClosedPort_getsPortUnreachableQuotingTheDatagram() throws MalformedPacketException {
        OneHost h = new OneHost();
        h.receiveFromPeer(0, OneHost.IP, Ipv4Header.PROTOCOL_UDP, udpTo(OneHost.IP, 9));

        IcmpPacket error = Frames.icmpOf(h.drain(0).get(0).frame());
        assertThat(error.header()).isEqualTo(IcmpHeader.destinationUnreachable(IcmpHeader.PORT_UNREACHABLE, 0));
        assertThat(error.quotedHeader().source()).isEqualTo(OneHost.PEER);
        assertThat(error.quotedPayload().byteSize()).isEqualTo(8);
    }

    @Test
    void noErrorAboutBroadcasts() {
        OneHost h = new OneHost();
        h.receiveFromPeer(0, Ipv4Address.parse("10.1.0.255"), Ipv4Header.PROTOCOL_UDP,
                udpTo(Ipv4Address.parse("10.1.0.255"), 9));
        h.host.receiveFrame(0, 0, Frames.datagram(MacAddress.BROADCAST, OneHost.PEER_MAC, OneHost.PEER,
                Ipv4Address.BROADCAST, Ipv4Header.PROTOCOL_UDP, 64, udpTo(Ipv4Address.BROADCAST, 9)));

        assertThat(h.drain(0)).isEmpty();
        assertThat(h.host.stats().drops(DropReason.PORT_UNREACHABLE)).isEqualTo(2);
        assertThat(h.host.stats().get(Counter.ICMP_ERRORS_SUPPRESSED)).isEqualTo(2);
    }

    @Test
    void unknownProtocol_getsProtocolUnreachable() {
        OneHost h = new OneHost();
        h.receiveFromPeer(0, OneHost.IP, 99, new byte[20]);

        assertThat(Frames.icmpOf(h.drain(0).get(0).frame()).header())
                .isEqualTo(IcmpHeader.destinationUnreachable(IcmpHeader.PROTOCOL_UNREACHABLE, 0));
        assertThat(h.host.stats().drops(DropReason.UNKNOWN_PROTOCOL)).isEqualTo(1);
    }

    @Test
    void noErrorAboutAnIcmpError_butOneAboutAnEcho() {
        OneHost h = router();
        byte[] icmpError = Frames.icmp(IcmpHeader.destinationUnreachable(IcmpHeader.PORT_UNREACHABLE, 0), new byte[28]);
        h.host.receiveFrame(0, 0, Frames.datagram(OneHost.MAC, OneHost.PEER_MAC, OneHost.PEER, FAR,
                Ipv4Header.PROTOCOL_ICMP, 1, icmpError));
        assertThat(h.drain(0)).isEmpty();
        assertThat(h.host.stats().drops(DropReason.TTL_EXPIRED)).isEqualTo(1);
        assertThat(h.host.stats().get(Counter.ICMP_ERRORS_SUPPRESSED)).isEqualTo(1);

        h.host.receiveFrame(0, 0, Frames.datagram(OneHost.MAC, OneHost.PEER_MAC, OneHost.PEER, FAR,
                Ipv4Header.PROTOCOL_ICMP, 1, Frames.icmp(IcmpHeader.echoRequest(1, 1), new byte[4])));
        assertThat(Frames.icmpOf(h.drain(0).get(0).frame()).header())
                .isEqualTo(IcmpHeader.timeExceeded(IcmpHeader.TTL_EXCEEDED));
    }

    @Test
    void dontFragmentAndTooBig_getsFragmentationNeededWithTheNextHopMtu() {
        OneHost h = router();
        byte[] udp = Frames.udp(OneHost.PEER, FAR, 4000, 9000, new byte[1200]);
        Ipv4Header header = Ipv4Header.of(OneHost.PEER, FAR, Ipv4Header.PROTOCOL_UDP, 64, udp.length, 9)
                .withDontFragment(true);
        h.receiveFromPeer(0, header, udp);

        List<Transmission> sent = h.drain(0);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).port()).isZero();
        IcmpHeader error = Frames.icmpOf(sent.get(0).frame()).header();
        assertThat(error).isEqualTo(IcmpHeader.destinationUnreachable(IcmpHeader.FRAGMENTATION_NEEDED, 1000));
        assertThat(error.nextHopMtu()).isEqualTo(1000);
        assertThat(h.host.stats().drops(DropReason.FRAGMENTATION_NEEDED)).isEqualTo(1);
    }

    @Test
    void errorsAreRateLimited_byATokenBucket() {
        OneHost h = new OneHost(HostConfig.DEFAULT.withIcmpErrorRate(Duration.ofSeconds(1), 5));
        for (int i = 0; i < 10; i++) {
            h.receiveFromPeer(0, OneHost.IP, Ipv4Header.PROTOCOL_UDP, udpTo(OneHost.IP, 9));
        }
        assertThat(h.drain(0)).hasSize(5);
        assertThat(h.host.stats().drops(DropReason.ICMP_RATE_LIMITED)).isEqualTo(5);

        h.receiveFromPeer(OneHost.SECOND, OneHost.IP, Ipv4Header.PROTOCOL_UDP, udpTo(OneHost.IP, 9));
        h.receiveFromPeer(OneHost.SECOND, OneHost.IP, Ipv4Header.PROTOCOL_UDP, udpTo(OneHost.IP, 9));
        assertThat(h.drain(OneHost.SECOND)).hasSize(1);
        assertThat(h.host.stats().drops(DropReason.ICMP_RATE_LIMITED)).isEqualTo(6);
    }

    @Test
    void datagramForAnotherHost_isDroppedWhenNotForwarding() {
        OneHost h = new OneHost();
        h.receiveFromPeer(0, FAR, Ipv4Header.PROTOCOL_UDP, udpTo(FAR, 9));

        assertThat(h.drain(0)).isEmpty();
        assertThat(h.host.stats().drops(DropReason.NOT_OUR_ADDRESS)).isEqualTo(1);
    }
}
