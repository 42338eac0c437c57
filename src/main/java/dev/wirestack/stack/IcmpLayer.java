package dev.wirestack.stack;

import dev.wirestack.icmp.IcmpErrorRules;
import dev.wirestack.icmp.IcmpRateLimiter;
import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.icmp.PingSockets;
import dev.wirestack.ip.Route;
import dev.wirestack.ip.SendResult;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.udp.UdpError;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.IcmpPacket;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MalformedPacketException;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * The host's ICMP (RFC 792, RFC 1122 3.2.2): answers echo requests, hands echo replies and errors to the sockets they
 * concern, and sends errors about other datagrams within {@link IcmpErrorRules} and the rate limit.
 *
 * <p>Echo requests sent to a broadcast address are not answered (RFC 1122 3.2.2.6 allows it; Linux's default
 * icmp_echo_ignore_broadcasts). An error about a datagram this host sent itself (ARP gave up, no route) is not put on
 * the wire: it goes straight to the socket, reported by this host.
 */
final class IcmpLayer implements PingSocket.Transport {
    private final Host host;
    private final IcmpRateLimiter rateLimiter;
    final PingSockets pings;

    IcmpLayer(Host host, IcmpRateLimiter rateLimiter) {
        this.host = host;
        this.rateLimiter = rateLimiter;
        this.pings = new PingSockets(host.random, this);
    }

    void receive(long nowNanos, HostInterface iface, Ipv4Header header, MemorySegment payload, boolean broadcast)
            throws MalformedPacketException {
        IcmpPacket packet = IcmpHeader.parse(payload);
        IcmpHeader icmp = packet.header();
        host.stats.count(Counter.ICMP_RECEIVED);
        if (icmp.type() == IcmpHeader.ECHO_REQUEST) {
            host.stats.count(Counter.ICMP_ECHO_REQUESTS_RECEIVED);
            if (!broadcast) {
                answerEcho(nowNanos, header, packet);
            }
        } else if (icmp.type() == IcmpHeader.ECHO_REPLY) {
            pings.deliver(icmp.identifier(), new PingEvent.Reply(nowNanos, header.source(), icmp.sequence(),
                    header.ttl(), Bytes.toArray(packet.payload())));
        } else if (icmp.isError()) {
            host.stats.count(Counter.ICMP_ERRORS_RECEIVED);
            Ipv4Header quoted = packet.quotedHeader();
            if (host.isOurAddress(quoted.source())) {
                reportToSocket(nowNanos, header.source(), icmp, quoted, packet.quotedPayload());
            }
        }
    }

    /** RFC 792: the reply carries the request's identifier, sequence and data, from the address it was sent to. */
    private void answerEcho(long nowNanos, Ipv4Header request, IcmpPacket packet) {
        Optional<Route> route = host.ip.route(request.source());
        if (route.isEmpty()) {
            host.drop(nowNanos, -1, Layer.IPV4, DropReason.NO_ROUTE, "echo reply to " + request.source());
            return;
        }
        IcmpHeader reply = IcmpHeader.echoReply(packet.header().identifier(), packet.header().sequence());
        host.ip.send(nowNanos, route.get(), request.source(), Ipv4Header.PROTOCOL_ICMP, Ipv4Header.DEFAULT_TTL,
                message(reply, packet.payload()));
        host.stats.count(Counter.ICMP_SENT);
        host.stats.count(Counter.ICMP_ECHO_REPLIES_SENT);
    }

    /**
     * Sends {@code error} about the datagram {@code offending} (whose payload starts with {@code offendingPayload}) to
     * its source, unless RFC 1122 forbids it or the rate limit is reached.
     */
    void sendError(long nowNanos, Ipv4Header offending, MemorySegment offendingPayload, IcmpHeader error,
                   boolean linkBroadcast) {
        if (IcmpErrorRules.refusal(offending, offendingPayload, linkBroadcast, host::isOurBroadcast) != null) {
            host.stats.count(Counter.ICMP_ERRORS_SUPPRESSED);
            return;
        }
        int quotedPayload = Math.min(IcmpHeader.quoteLength(offending) - offending.headerLength(),
                (int) offendingPayload.byteSize());
        MemorySegment quotedBytes = offendingPayload.asSlice(0, quotedPayload);
        Optional<Route> route = host.ip.route(offending.source());
        if (host.isOurAddress(offending.source())) {
            Ipv4Address reporter = route.map(r -> host.iface(r.interfaceIndex()).ip()).orElse(Ipv4Address.ANY);
            reportToSocket(nowNanos, reporter, error, offending, quotedBytes);
            return;
        }
        if (!rateLimiter.tryAcquire(nowNanos)) {
            host.drop(nowNanos, -1, Layer.ICMP, DropReason.ICMP_RATE_LIMITED,
                    "type " + error.type() + " code " + error.code() + " to " + offending.source());
            return;
        }
        if (route.isEmpty()) {
            host.drop(nowNanos, -1, Layer.IPV4, DropReason.NO_ROUTE, "ICMP error to " + offending.source());
            return;
        }
        byte[] quote = new byte[offending.headerLength() + quotedPayload];
        MemorySegment quoteSegment = MemorySegment.ofArray(quote);
        offending.emit(quoteSegment);
        MemorySegment.copy(quotedBytes, 0, quoteSegment, offending.headerLength(), quotedPayload);
        host.ip.send(nowNanos, route.get(), offending.source(), Ipv4Header.PROTOCOL_ICMP, Ipv4Header.DEFAULT_TTL,
                message(error, quoteSegment));
        host.stats.count(Counter.ICMP_SENT);
        host.stats.count(Counter.ICMP_ERRORS_SENT);
        host.trace(new TraceEvent.IcmpSent(nowNanos, host.name(), offending.source(), error.type(), error.code()));
    }

    /**
     * Passes an error about one of our datagrams to its socket: UDP by source port, ping by echo identifier, TCP by
     * 4-tuple (RFC 1122 3.2.2.1: the transport protocol is found from the quoted header).
     */
    private void reportToSocket(long nowNanos, Ipv4Address reporter, IcmpHeader error, Ipv4Header quoted,
                                MemorySegment quotedPayload) {
        switch (quoted.protocol()) {
            case Ipv4Header.PROTOCOL_UDP -> {
                if (quotedPayload.byteSize() >= 4) {
                    host.udp.sockets.deliverError(Bytes.u16(quotedPayload, 0), new UdpError(nowNanos, reporter,
                            quoted.destination(), Bytes.u16(quotedPayload, 2), error.type(), error.code()));
                }
            }
            case Ipv4Header.PROTOCOL_ICMP -> {
                if (quotedPayload.byteSize() >= 8 && Bytes.u8(quotedPayload, 0) == IcmpHeader.ECHO_REQUEST) {
                    pings.deliver(Bytes.u16(quotedPayload, 4), new PingEvent.Error(nowNanos, reporter,
                            quoted.destination(), Bytes.u16(quotedPayload, 6), error.type(), error.code(),
                            error.type() == IcmpHeader.DESTINATION_UNREACHABLE ? error.nextHopMtu() : 0));
                }
            }
            case Ipv4Header.PROTOCOL_TCP -> host.tcp.icmpError(nowNanos, error, quoted, quotedPayload);
            default -> { } // no sockets of other protocols here yet
        }
    }

    @Override
    public SendResult send(PingSocket socket, Ipv4Address destination, int sequence, byte[] data, int ttl) {
        return host.queueSend(destination, now -> sendEcho(now, socket, destination, sequence, data, ttl));
    }

    private void sendEcho(long nowNanos, PingSocket socket, Ipv4Address destination, int sequence, byte[] data,
                          int ttl) {
        if (socket.isClosed()) {
            return;
        }
        IcmpHeader request = IcmpHeader.echoRequest(socket.identifier(), sequence);
        Optional<Route> route = host.ip.route(destination);
        if (route.isEmpty()) {
            host.drop(nowNanos, -1, Layer.IPV4, DropReason.NO_ROUTE, "echo request to " + destination);
            pings.deliver(socket.identifier(), new PingEvent.Error(nowNanos, Ipv4Address.ANY, destination, sequence,
                    IcmpHeader.DESTINATION_UNREACHABLE, IcmpHeader.NET_UNREACHABLE, 0));
            return;
        }
        host.ip.send(nowNanos, route.get(), destination, Ipv4Header.PROTOCOL_ICMP, ttl,
                message(request, MemorySegment.ofArray(data)));
        host.stats.count(Counter.ICMP_SENT);
    }

    @Override
    public void close(PingSocket socket) {
        pings.release(socket);
    }

    private static MemorySegment message(IcmpHeader header, MemorySegment payload) {
        MemorySegment out = MemorySegment.ofArray(new byte[IcmpHeader.HEADER_LENGTH + (int) payload.byteSize()]);
        header.emit(out, payload);
        return out;
    }
}
