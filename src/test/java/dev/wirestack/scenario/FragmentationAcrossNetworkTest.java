package dev.wirestack.scenario;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.FrameCapture;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Counter;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostBuilder;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.udp.UdpMessage;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Frames;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An 8000-byte UDP datagram crosses networks whose MTU is smaller: the sender cuts it into fragments, a router with a
 * still smaller next hop cuts the fragments again, and the receiver puts the bytes back together exactly. With Don't
 * Fragment set, the router refuses instead and tells the sender the MTU that stopped it.
 */
class FragmentationAcrossNetworkTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int DATA = 8000;
    private static final int PORT = 9000;

    private final List<FrameCapture.Frame> captured = new ArrayList<>();
    private final List<TraceEvent> events = new ArrayList<>();

    @Test
    void udp8000Bytes_crossesMtu1500AsSixFragments_andArrivesWholeAndByteExact() {
        ReferenceNetwork reference = new ReferenceNetwork(1, 0, FrameCapture.into("r1", 1, captured));
        byte[] data = randomBytes(1);
        UdpSocket receiver = reference.server().openUdp(PORT);
        UdpSocket sender = reference.client().openUdp(0);
        reference.network().schedule(SECOND, () -> sender.send(ReferenceNetwork.SERVER, PORT, data));
        reference.network().runUntil(3 * SECOND);

        // 8 + 8000 bytes of UDP in payloads of at most 1480 (1500 less the IP header, a multiple of 8): 5 x 1480 + 608.
        List<Ipv4Header> fragments = udpFragmentsIn(captured);
        assertThat(fragments).extracting(Ipv4Header::totalLength).containsExactly(1500, 1500, 1500, 1500, 1500, 628);
        assertThat(fragments).extracting(Ipv4Header::fragmentOffset).containsExactly(0, 1480, 2960, 4440, 5920, 7400);
        assertThat(fragments).extracting(Ipv4Header::moreFragments).containsExactly(true, true, true, true, true, false);
        assertThat(fragments).extracting(Ipv4Header::identification).containsOnly(fragments.getFirst().identification());

        UdpMessage message = receiver.receive();
        assertThat(message).isNotNull();
        assertThat(message.data()).isEqualTo(data);
        assertThat(message.source()).isEqualTo(ReferenceNetwork.CLIENT);
        assertThat(message.sourcePort()).isEqualTo(sender.port());
        assertThat(receiver.receive()).as("one datagram, delivered once").isNull();
        assertThat(reference.server().stats().get(Counter.IP_REASSEMBLED)).isEqualTo(1);
        assertThat(reference.server().stats().reassemblyBytesHeld()).isZero();
    }

    @Test
    void aRouterBeforeA576MtuHop_refragmentsTheFragments_andTheServerStillGetsEveryByte() {
        Topology net = new Topology(FrameCapture.into("r1", 1, captured));
        byte[] data = randomBytes(2);
        UdpSocket receiver = net.server.openUdp(PORT);
        net.network.schedule(SECOND, () -> net.client.openUdp(0).send(Topology.SERVER, PORT, data));
        net.network.runUntil(3 * SECOND);

        // Each 1480-byte fragment becomes 552 + 552 + 376 (576 less 20, rounded down to 8); the last, 608, 552 + 56.
        List<Ipv4Header> fragments = udpFragmentsIn(captured);
        assertThat(fragments).hasSize(5 * 3 + 2).allSatisfy(header -> assertThat(header.totalLength()).isLessThanOrEqualTo(576));
        assertThat(fragments).extracting(Ipv4Header::payloadLength).containsExactly(
                552, 552, 376, 552, 552, 376, 552, 552, 376, 552, 552, 376, 552, 552, 376, 552, 56);
        assertThat(fragments).filteredOn(header -> !header.moreFragments()).singleElement()
                .satisfies(last -> assertThat(last.fragmentOffset() + last.payloadLength()).isEqualTo(8 + DATA));
        assertThat(net.router1.stats().get(Counter.IP_FRAGMENTS_SENT)).isEqualTo(17);

        assertThat(receiver.receive().data()).isEqualTo(data);
        assertThat(net.server.stats().get(Counter.IP_FRAGMENTS_RECEIVED)).isEqualTo(17);
    }

    /**
     * Wirestack's sockets never set DF, so a bare card on the client's LAN sends a DF echo request in the client's
     * name, with the identifier of the client's ping socket: the error r1 sends back reaches that socket.
     */
    @Test
    void dontFragmentAndTooBig_theRouterDropsIt_andTellsTheSenderTheNextHopMtu() {
        Topology net = new Topology(events::add);
        List<PingEvent> heard = new ArrayList<>();
        int identifier = net.client.openPing(heard::add).identifier();
        byte[] echo = Frames.icmp(IcmpHeader.echoRequest(identifier, 1), new byte[1000]);
        Ipv4Header header = Ipv4Header.of(Topology.CLIENT, Topology.SERVER, Ipv4Header.PROTOCOL_ICMP, 64,
                echo.length, 77).withDontFragment(true);
        byte[] frame = Frames.ethernet(EthernetHeader.untagged(Topology.R1_LAN_MAC, MacAddress.local(0x99),
                EthernetHeader.ETHERTYPE_IPV4), Frames.ipv4(header, echo));
        net.network.schedule(SECOND, () -> net.injector.send(frame));
        net.network.runUntil(3 * SECOND);

        assertThat(net.router1.stats().drops(DropReason.FRAGMENTATION_NEEDED)).isEqualTo(1);
        assertThat(net.router1.stats().get(Counter.IP_FORWARDED)).isZero();
        assertThat(events).contains(new TraceEvent.IcmpSent(SECOND + 2 * Topology.LAN.serialisationNanos(frame.length)
                + 2 * Topology.LAN.delayNanos(), "r1", Topology.CLIENT, IcmpHeader.DESTINATION_UNREACHABLE,
                IcmpHeader.FRAGMENTATION_NEEDED));
        assertThat(heard).singleElement().isInstanceOfSatisfying(PingEvent.Error.class, error -> {
            assertThat(error.reporter()).isEqualTo(Ipv4Address.parse("10.1.0.1"));
            assertThat(error.type()).isEqualTo(IcmpHeader.DESTINATION_UNREACHABLE);
            assertThat(error.code()).isEqualTo(IcmpHeader.FRAGMENTATION_NEEDED);
            assertThat(error.nextHopMtu()).isEqualTo(576);
            assertThat(error.sequence()).isEqualTo(1);
        });
        assertThat(net.server.stats().get(Counter.IP_RECEIVED)).isZero();
    }

    /** IPv4 headers of the UDP fragments among {@code frames}, in order. */
    private static List<Ipv4Header> udpFragmentsIn(List<FrameCapture.Frame> frames) {
        return frames.stream().map(FrameCapture.Frame::bytes).filter(Decoded::isIpv4)
                .map(frame -> Decoded.ipv4(frame).header())
                .filter(header -> header.protocol() == Ipv4Header.PROTOCOL_UDP && header.isFragment()).toList();
    }

    private static byte[] randomBytes(long seed) {
        byte[] data = new byte[DATA];
        new SplittableRandom(seed).nextBytes(data);
        return data;
    }

    /**
     * client 10.1.0.2 and a bare card on sw (10.1.0.0/24) - 10.1.0.1 r1 10.9.0.1 ==MTU 576== 10.9.0.2 r2 10.2.0.1 -
     * 10.2.0.2 server.
     */
    private static final class Topology {
        static final Ipv4Address CLIENT = Ipv4Address.parse("10.1.0.2");
        static final Ipv4Address SERVER = Ipv4Address.parse("10.2.0.2");
        static final MacAddress R1_LAN_MAC = MacAddress.local(0x0a010001);
        static final LinkSpec LAN = LinkSpec.ethernet100M().delay(Duration.ofNanos(50_000));

        final SimNetwork network;
        final Host client;
        final Host router1;
        final Host server;
        final Injector injector = new Injector();

        Topology(Tracer tracer) {
            network = new SimNetwork(1, tracer);
            client = add(Host.builder("client").iface(MacAddress.local(0x0a010002), "10.1.0.2/24").gateway("10.1.0.1"));
            router1 = add(Host.builder("r1").forwarding(true).iface(R1_LAN_MAC, "10.1.0.1/24")
                    .iface(MacAddress.local(0x0a090001), "10.9.0.1/30", 576).gateway("10.9.0.2"));
            Host router2 = add(Host.builder("r2").forwarding(true)
                    .iface(MacAddress.local(0x0a090002), "10.9.0.2/30", 576)
                    .iface(MacAddress.local(0x0a020001), "10.2.0.1/24").gateway("10.9.0.1"));
            server = add(Host.builder("server").iface(MacAddress.local(0x0a020002), "10.2.0.2/24").gateway("10.2.0.1"));
            EthernetSwitch lan = network.addSwitch("sw", 3);
            network.add("injector", injector);
            network.link(client, 0, lan, 0, LAN);
            network.link(router1, 0, lan, 1, LAN);
            network.link(injector, 0, lan, 2, LAN);
            network.link(router1, 1, router2, 0, LinkSpec.ethernet10M().delay(Duration.ofMillis(5)));
            network.link(router2, 1, server, 0, LAN);
        }

        private Host add(HostBuilder builder) {
            Host host = builder.tracer(network.tracer()).random(network.splitRandom()).frameEvents(false).build();
            return network.add(host.name(), host);
        }
    }
}
