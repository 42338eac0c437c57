package dev.wirestack.stack;

import dev.wirestack.ip.Ipv4Reassembler;
import dev.wirestack.ip.Route;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MalformedPacketException;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The host's IPv4 layer (RFC 791, RFC 1122 3.3, RFC 1812 5 for forwarding): local delivery with reassembly,
 * forwarding when enabled, and the send path for this host's own datagrams.
 *
 * <p>Weak host model (RFC 1122 3.3.4.2): a datagram for any of the host's addresses is accepted on any interface.
 * Datagrams that arrived as link-layer broadcasts are never forwarded (RFC 1812 5.3.4).
 */
final class IpLayer {
    private final Host host;
    private final Ipv4Reassembler reassembler;
    private int nextIdentification;
    /** Routes are usable through interfaces that are up; one predicate for all lookups, not a lambda per datagram. */
    private final IntPredicate interfaceUp;

    IpLayer(Host host, Ipv4Reassembler reassembler, int firstIdentification) {
        this.host = host;
        this.reassembler = reassembler;
        this.nextIdentification = firstIdentification & 0xffff;
        this.interfaceUp = index -> host.iface(index).isUp();
    }

    void receive(long nowNanos, HostInterface iface, Ipv4Packet packet, boolean linkBroadcast)
            throws MalformedPacketException {
        host.stats.count(Counter.IP_RECEIVED);
        Ipv4Header header = packet.header();
        Ipv4Address source = header.source();
        if (source.isBroadcast() || source.isMulticast() || host.isOurBroadcast(source)) {
            // RFC 1122 3.2.1.3: a source that does not name one host is discarded.
            host.drop(nowNanos, iface.index(), Layer.IPV4, DropReason.BAD_VALUE, "invalid source " + source);
            return;
        }
        Ipv4Address destination = header.destination();
        boolean broadcast = destination.isBroadcast() || host.isOurBroadcast(destination);
        if (broadcast || host.isOurAddress(destination)) {
            deliver(nowNanos, iface, header, packet.payload(), linkBroadcast || broadcast);
        } else if (host.forwarding && !linkBroadcast) {
            forward(nowNanos, iface, header, packet.payload());
        } else {
            host.drop(nowNanos, iface.index(), Layer.IPV4, DropReason.NOT_OUR_ADDRESS, "datagram for " + destination);
        }
    }

    /** Delivers to ICMP, UDP or TCP, reassembling fragments first. {@code broadcast}: not for this host alone. */
    void deliver(long nowNanos, HostInterface iface, Ipv4Header header, MemorySegment payload, boolean broadcast)
            throws MalformedPacketException {
        if (header.isFragment()) {
            host.stats.count(Counter.IP_FRAGMENTS_RECEIVED);
            switch (reassembler.accept(nowNanos, header, payload)) {
                case Ipv4Reassembler.Complete complete -> {
                    host.stats.count(Counter.IP_REASSEMBLED);
                    host.trace(new TraceEvent.Reassembled(nowNanos, host.name(), header.source(),
                            header.identification(), complete.fragments(), complete.header().totalLength()));
                    header = complete.header();
                    payload = MemorySegment.ofArray(complete.payload());
                }
                case Ipv4Reassembler.Incomplete incomplete -> {
                    return;
                }
                case Ipv4Reassembler.Dropped dropped -> {
                    host.drop(nowNanos, iface.index(), Layer.IPV4, dropped.reason(), dropped.detail());
                    return;
                }
            }
        }
        host.stats.count(Counter.IP_DELIVERED);
        switch (header.protocol()) {
            case Ipv4Header.PROTOCOL_ICMP -> host.icmp.receive(nowNanos, iface, header, payload, broadcast);
            case Ipv4Header.PROTOCOL_UDP -> host.udp.receive(nowNanos, iface, header, payload, broadcast);
            case Ipv4Header.PROTOCOL_TCP -> host.tcp.receive(nowNanos, iface, header, payload, broadcast);
            default -> {
                host.drop(nowNanos, iface.index(), Layer.IPV4, DropReason.UNKNOWN_PROTOCOL,
                        "protocol " + header.protocol());
                host.icmp.sendError(nowNanos, header, payload,
                        IcmpHeader.destinationUnreachable(IcmpHeader.PROTOCOL_UNREACHABLE, 0), broadcast);
            }
        }
    }

    /** RFC 1812 5.2, 5.3: TTL, route, fragmentation or "fragmentation needed", next hop. */
    private void forward(long nowNanos, HostInterface in, Ipv4Header header, MemorySegment payload) {
        if (header.ttl() <= 1) {
            host.drop(nowNanos, in.index(), Layer.IPV4, DropReason.TTL_EXPIRED,
                    "TTL " + header.ttl() + " from " + header.source() + " to " + header.destination());
            host.icmp.sendError(nowNanos, header, payload, IcmpHeader.timeExceeded(IcmpHeader.TTL_EXCEEDED), false);
            return;
        }
        Route route = routeOrNull(header.destination());
        if (route == null) {
            host.drop(nowNanos, in.index(), Layer.IPV4, DropReason.NO_ROUTE, "no route to " + header.destination());
            host.icmp.sendError(nowNanos, header, payload,
                    IcmpHeader.destinationUnreachable(IcmpHeader.NET_UNREACHABLE, 0), false);
            return;
        }
        HostInterface out = host.iface(route.interfaceIndex());
        if (header.dontFragment() && header.totalLength() > out.mtu()) {
            // RFC 1191 section 4: tell the source the next hop's MTU, for path MTU discovery.
            host.drop(nowNanos, in.index(), Layer.IPV4, DropReason.FRAGMENTATION_NEEDED,
                    header.totalLength() + " bytes with DF over MTU " + out.mtu() + " of if" + out.index());
            host.icmp.sendError(nowNanos, header, payload,
                    IcmpHeader.destinationUnreachable(IcmpHeader.FRAGMENTATION_NEEDED, out.mtu()), false);
            return;
        }
        Ipv4Header decremented = header.withTtl(header.ttl() - 1);
        host.stats.count(Counter.IP_FORWARDED);
        host.trace(new TraceEvent.Forwarded(nowNanos, host.name(), in.index(), out.index(), header.source(),
                header.destination(), decremented.ttl()));
        host.link.send(nowNanos, out, route.nextHop(header.destination()), decremented, PayloadWriter.of(payload));
    }

    /**
     * The route for a destination, through an interface that is up. The limited broadcast 255.255.255.255 leaves
     * through the first interface that is up (RFC 1122 3.3.6 leaves the choice to the host).
     */
    Optional<Route> route(Ipv4Address destination) {
        return Optional.ofNullable(routeOrNull(destination));
    }

    /** {@link #route} without the Optional, for the per-datagram paths: the route, or null when there is none. */
    Route routeOrNull(Ipv4Address destination) {
        if (destination.isBroadcast()) {
            for (HostInterface iface : host.interfaces()) {
                if (iface.isUp()) {
                    return Route.connected(iface.address(), iface.index());
                }
            }
            return null;
        }
        return host.routes().find(destination, interfaceUp);
    }

    /**
     * Sends one of this host's own datagrams along {@code route}, from the route's interface address, with a fresh
     * identification. A datagram for one of the host's own addresses is delivered locally (no loopback interface).
     */
    void send(long nowNanos, Route route, Ipv4Address destination, int protocol, int ttl, MemorySegment payload) {
        send(nowNanos, route, host.iface(route.interfaceIndex()).ip(), destination, protocol, ttl, payload);
    }

    /**
     * {@link #send} from a given source address of this host: a TCP connection keeps the address it was opened
     * with, which its checksum covers, whichever interface the route now leaves through.
     */
    void send(long nowNanos, Route route, Ipv4Address source, Ipv4Address destination, int protocol, int ttl,
              MemorySegment payload) {
        send(nowNanos, route, source, destination, protocol, ttl, (int) payload.byteSize(), PayloadWriter.of(payload));
    }

    /**
     * {@link #send} of a payload of {@code payloadLength} bytes that {@code payload} writes in place: straight into
     * the outgoing frame when the datagram leaves whole, so the caller builds it only once.
     */
    void send(long nowNanos, Route route, Ipv4Address source, Ipv4Address destination, int protocol, int ttl,
              int payloadLength, PayloadWriter payload) {
        HostInterface out = host.iface(route.interfaceIndex());
        Ipv4Header header = Ipv4Header.of(source, destination, protocol, ttl, payloadLength, nextIdentification,
                dontFragment(protocol, payloadLength, out));
        nextIdentification = (nextIdentification + 1) & 0xffff;
        host.stats.count(Counter.IP_SENT);
        if (host.isOurAddress(destination)) {
            try {
                deliver(nowNanos, out, header, MemorySegment.ofArray(payload.materialize(payloadLength)), false);
            } catch (MalformedPacketException e) {
                throw new IllegalStateException("this host built a datagram it cannot parse: " + e.getMessage(), e);
            }
            return;
        }
        host.link.send(nowNanos, out, route.nextHop(destination), header, payload);
    }

    /**
     * Path MTU discovery (RFC 1191), as Linux does it by default (ip_no_pmtu_disc = 0): TCP's datagrams carry Don't
     * Fragment, so a router before a smaller hop answers "fragmentation needed" and the connection lowers its MSS
     * (TcpConnection.onIcmpError). UDP and ICMP leave it clear and are fragmented where they must be. A TCP datagram
     * too big for its own interface (the route moved to a smaller MTU after the MSS was chosen) goes without DF and
     * is fragmented here, rather than lost.
     */
    private static boolean dontFragment(int protocol, int payloadLength, HostInterface out) {
        return protocol == Ipv4Header.PROTOCOL_TCP
                && Ipv4Header.MIN_HEADER_LENGTH + payloadLength <= out.largestTcpDatagram();
    }

    long nextDeadline() {
        return reassembler.nextDeadline();
    }

    /** Expired reassemblies: dropped, traced, and reported to the source if its first fragment came (RFC 1122 3.3.2). */
    void onTimeout(long nowNanos) {
        for (Ipv4Reassembler.Expired expired : reassembler.onTimeout(nowNanos)) {
            Ipv4Reassembler.Key key = expired.key();
            host.drop(nowNanos, -1, Layer.IPV4, DropReason.REASSEMBLY_TIMEOUT,
                    expired.fragments() + " fragments of " + key.identification() + " from " + key.source());
            host.trace(new TraceEvent.ReassemblyExpired(nowNanos, host.name(), key.source(), key.identification(),
                    expired.bytesHeld()));
            if (expired.firstFragmentReceived()) {
                host.icmp.sendError(nowNanos, expired.firstHeader(), MemorySegment.ofArray(expired.firstPayload()),
                        IcmpHeader.timeExceeded(IcmpHeader.REASSEMBLY_TIME_EXCEEDED), false);
            }
        }
    }

    int reassemblyBytesHeld() {
        return reassembler.bytesHeld();
    }
}
