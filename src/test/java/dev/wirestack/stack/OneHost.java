package dev.wirestack.stack;

import dev.wirestack.link.NetworkNode.Transmission;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;

import java.util.ArrayList;
import java.util.List;

/**
 * One host at 10.1.0.2/24 (MAC 02:..:01) driven by hand: a peer 10.1.0.9 (MAC 02:..:09) whose MAC the host learned
 * from an ARP request at time 0, and helpers to send it frames and read what it sends.
 */
final class OneHost {
    static final long SECOND = 1_000_000_000L;
    static final MacAddress MAC = MacAddress.local(1);
    static final Ipv4Address IP = Ipv4Address.parse("10.1.0.2");
    static final MacAddress PEER_MAC = MacAddress.local(9);
    static final Ipv4Address PEER = Ipv4Address.parse("10.1.0.9");

    final List<TraceEvent> events = new ArrayList<>();
    final Host host;

    OneHost(HostConfig config) {
        this(Host.builder("h").iface(MAC, "10.1.0.2/24"), config);
    }

    OneHost(HostBuilder builder, HostConfig config) {
        host = builder.tracer(events::add).config(config.withGratuitousArp(false)).build();
        host.receiveFrame(0, 0, Frames.arp(MacAddress.BROADCAST, ArpPacket.request(PEER_MAC, PEER, IP)));
        drain(0); // the ARP reply
        events.clear();
    }

    OneHost() {
        this(HostConfig.DEFAULT);
    }

    List<Transmission> drain(long now) {
        List<Transmission> sent = new ArrayList<>();
        Transmission t;
        while ((t = host.pollTransmit(now)) != null) {
            sent.add(t);
        }
        return sent;
    }

    /** A datagram from the peer to {@code destination}, unfragmented. */
    void receiveFromPeer(long now, Ipv4Address destination, int protocol, byte[] payload) {
        host.receiveFrame(now, 0, Frames.datagram(MAC, PEER_MAC, PEER, destination, protocol, 64, payload));
    }

    void receiveFromPeer(long now, Ipv4Header header, byte[] payload) {
        host.receiveFrame(now, 0, Frames.ipv4(MAC, PEER_MAC, header, payload));
    }

    void ping(long now, int sequence, byte[] data) {
        receiveFromPeer(now, IP, Ipv4Header.PROTOCOL_ICMP, Frames.icmp(IcmpHeader.echoRequest(0x1234, sequence), data));
    }
}
