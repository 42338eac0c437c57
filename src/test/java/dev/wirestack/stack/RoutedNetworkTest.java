package dev.wirestack.stack;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.ip.SendResult;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.udp.UdpError;
import dev.wirestack.udp.UdpMessage;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** client 10.1.0.2 -- 10.1.0.1 router 10.2.0.1 -- 10.2.0.2 server, wired by an in-test relay. */
class RoutedNetworkTest {
    static final long SECOND = 1_000_000_000L;
    static final Ipv4Address CLIENT = Ipv4Address.parse("10.1.0.2");
    static final Ipv4Address ROUTER_LEFT = Ipv4Address.parse("10.1.0.1");
    static final Ipv4Address SERVER = Ipv4Address.parse("10.2.0.2");

    final List<TraceEvent> events = new ArrayList<>();
    final List<PingEvent> pings = new ArrayList<>();
    Host client;
    Host router;
    Host server;
    Relay relay;

    void build(int serverSideMtu) {
        client = Host.builder("client").iface(MacAddress.local(1), "10.1.0.2/24").gateway("10.1.0.1")
                .tracer(events::add).random(new SplittableRandom(1)).build();
        router = Host.builder("router").forwarding(true).tracer(events::add)
                .iface(MacAddress.local(11), "10.1.0.1/24").iface(MacAddress.local(12), "10.2.0.1/24", serverSideMtu)
                .build();
        server = Host.builder("server").iface(MacAddress.local(2), "10.2.0.2/24", serverSideMtu).gateway("10.2.0.1")
                .tracer(events::add).random(new SplittableRandom(2)).build();
        relay = new Relay().connect(client, 0, router, 0).connect(router, 1, server, 0);
    }

    @Test
    void pingAcrossTheRouter_isAnswered_andTheRouterDecrementsTtl() {
        build(1500);
        PingSocket ping = client.openPing(pings::add);
        assertThat(ping.send(SERVER, 1, 56)).isEqualTo(SendResult.QUEUED);
        relay.runUntil(SECOND);

        assertThat(pings).singleElement().isInstanceOfSatisfying(PingEvent.Reply.class, reply -> {
            assertThat(reply.from()).isEqualTo(SERVER);
            assertThat(reply.sequence()).isEqualTo(1);
            assertThat(reply.ttl()).isEqualTo(63);
            assertThat(reply.data()).hasSize(56);
        });
        assertThat(events).filteredOn(TraceEvent.Forwarded.class::isInstance)
                .extracting(e -> ((TraceEvent.Forwarded) e).ttl()).containsExactly(63, 63);
        assertThat(router.stats().get(Counter.IP_FORWARDED)).isEqualTo(2);
    }

    @Test
    void traceroute_ttlOneGetsTimeExceededFromTheRouter_ttlTwoReachesTheServer() {
        build(1500);
        PingSocket ping = client.openPing(pings::add);
        ping.send(SERVER, 1, 32, 1);
        relay.runUntil(SECOND);
        ping.send(SERVER, 2, 32, 2);
        relay.runUntil(2 * SECOND);

        assertThat(pings).hasSize(2);
        assertThat(pings.get(0)).isInstanceOfSatisfying(PingEvent.Error.class, error -> {
            assertThat(error.reporter()).isEqualTo(ROUTER_LEFT);
            assertThat(error.type()).isEqualTo(IcmpHeader.TIME_EXCEEDED);
            assertThat(error.code()).isEqualTo(IcmpHeader.TTL_EXCEEDED);
            assertThat(error.sequence()).isEqualTo(1);
            assertThat(error.destination()).isEqualTo(SERVER);
        });
        assertThat(pings.get(1)).isInstanceOfSatisfying(PingEvent.Reply.class,
                reply -> assertThat(reply.from()).isEqualTo(SERVER));
        assertThat(router.stats().drops(DropReason.TTL_EXPIRED)).isEqualTo(1);
        assertThat(events).contains(new TraceEvent.IcmpSent(0, "router", CLIENT, IcmpHeader.TIME_EXCEEDED, 0));
    }

    @Test
    void udpDatagramOf8000Bytes_isFragmentedByMtuAndReassembledByteExact() {
        build(1500);
        byte[] data = new byte[8000];
        new SplittableRandom(7).nextBytes(data);
        UdpSocket receiver = server.openUdp(9000);
        UdpSocket sender = client.openUdp(0);
        sender.send(SERVER, 9000, data);
        relay.runUntil(SECOND);

        UdpMessage message = receiver.receive();
        assertThat(message).isNotNull();
        assertThat(message.data()).isEqualTo(data);
        assertThat(message.source()).isEqualTo(CLIENT);
        assertThat(message.sourcePort()).isEqualTo(sender.port());
        // 8008 bytes of UDP over 1480-byte fragments: 6 fragments.
        assertThat(client.stats().get(Counter.IP_FRAGMENTS_SENT)).isEqualTo(6);
        assertThat(server.stats().get(Counter.IP_REASSEMBLED)).isEqualTo(1);
        assertThat(server.stats().reassemblyBytesHeld()).isZero();
    }

    @Test
    void routerRefragmentsForASmallerMtu_andTheServerStillGetsTheBytes() {
        build(576);
        byte[] data = new byte[8000];
        new SplittableRandom(8).nextBytes(data);
        UdpSocket receiver = server.openUdp(9000);
        client.openUdp(0).send(SERVER, 9000, data);
        relay.runUntil(SECOND);

        assertThat(receiver.receive().data()).isEqualTo(data);
        assertThat(router.stats().get(Counter.IP_FRAGMENTS_SENT)).isGreaterThan(6);
    }

    @Test
    void udpToAClosedPort_theSocketLearnsPortUnreachable() {
        build(1500);
        UdpSocket socket = client.openUdp(0);
        socket.send(SERVER, 9, new byte[]{1, 2, 3});
        relay.runUntil(SECOND);

        UdpError error = socket.pollError();
        assertThat(error).isNotNull();
        assertThat(error.isPortUnreachable()).isTrue();
        assertThat(error.reporter()).isEqualTo(SERVER);
        assertThat(error.destinationPort()).isEqualTo(9);
        assertThat(server.stats().drops(DropReason.PORT_UNREACHABLE)).isEqualTo(1);
    }

    @Test
    void forwardedPacketToAnAbsentHost_sourceGetsHostUnreachableFromTheRouter() {
        build(1500);
        client.openPing(pings::add).send(Ipv4Address.parse("10.2.0.99"), 5, 8);
        relay.runUntil(10 * SECOND);

        assertThat(pings).singleElement().isInstanceOfSatisfying(PingEvent.Error.class, error -> {
            assertThat(error.reporter()).isEqualTo(ROUTER_LEFT);
            assertThat(error.code()).isEqualTo(IcmpHeader.HOST_UNREACHABLE);
            assertThat(error.sequence()).isEqualTo(5);
        });
        assertThat(router.stats().drops(DropReason.ARP_UNRESOLVED)).isEqualTo(1);
        assertThat(events).contains(new TraceEvent.ArpFailed(3 * SECOND, "router", 1,
                Ipv4Address.parse("10.2.0.99")));
    }

    @Test
    void sendWithoutRoute_isRefusedAtOnce() {
        Host lonely = Host.builder("lonely").iface(MacAddress.local(3), "10.3.0.2/24").build();
        assertThat(lonely.openUdp(0).send(SERVER, 9, new byte[1])).isEqualTo(SendResult.NO_ROUTE);
        assertThat(lonely.stats().drops(DropReason.NO_ROUTE)).isEqualTo(1);
    }

    @Test
    void routerWithoutRoute_answersNetUnreachable() {
        build(1500);
        client.openPing(pings::add).send(Ipv4Address.parse("192.168.7.7"), 1, 8);
        relay.runUntil(SECOND);

        assertThat(pings).singleElement().isInstanceOfSatisfying(PingEvent.Error.class,
                error -> assertThat(error.code()).isEqualTo(IcmpHeader.NET_UNREACHABLE));
        assertThat(router.stats().drops(DropReason.NO_ROUTE)).isEqualTo(1);
    }
}
