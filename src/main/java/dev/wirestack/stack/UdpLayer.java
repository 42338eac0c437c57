package dev.wirestack.stack;

import dev.wirestack.ip.Route;
import dev.wirestack.ip.SendResult;
import dev.wirestack.trace.DropReason;
import dev.wirestack.udp.UdpError;
import dev.wirestack.udp.UdpMessage;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.udp.UdpSockets;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.UdpDatagram;
import dev.wirestack.wire.UdpHeader;

import java.lang.foreign.MemorySegment;

/**
 * The host's UDP (RFC 768, RFC 1122 4.1): checksums always sent and checked when present, datagrams for a closed
 * port answered with ICMP port unreachable (RFC 1122 4.1.3.1), never for broadcasts.
 */
final class UdpLayer implements UdpSocket.Transport {
    private final Host host;
    final UdpSockets sockets;

    UdpLayer(Host host) {
        this.host = host;
        this.sockets = new UdpSockets(host.random, host.config.receiveQueueLimit(), this);
    }

    void receive(long nowNanos, HostInterface iface, Ipv4Header header, MemorySegment payload, boolean broadcast)
            throws MalformedPacketException {
        UdpDatagram datagram = UdpHeader.parse(payload, header.source(), header.destination());
        host.stats.count(Counter.UDP_RECEIVED);
        UdpHeader udp = datagram.header();
        UdpSocket socket = sockets.lookup(udp.destinationPort());
        if (socket == null) {
            host.drop(nowNanos, iface.index(), Layer.UDP, DropReason.PORT_UNREACHABLE,
                    "port " + udp.destinationPort() + " from " + header.source() + ":" + udp.sourcePort());
            host.icmp.sendError(nowNanos, header, payload,
                    IcmpHeader.destinationUnreachable(IcmpHeader.PORT_UNREACHABLE, 0), broadcast);
            return;
        }
        UdpMessage message = new UdpMessage(nowNanos, header.source(), udp.sourcePort(), header.destination(),
                Bytes.toArray(datagram.payload()));
        if (sockets.deliver(socket, message)) {
            host.stats.count(Counter.UDP_DELIVERED);
        } else {
            host.drop(nowNanos, iface.index(), Layer.UDP, DropReason.SOCKET_BUFFER_FULL,
                    "socket on port " + socket.port() + " has " + socket.pendingMessages() + " datagrams waiting");
        }
    }

    @Override
    public SendResult send(UdpSocket socket, Ipv4Address destination, int port, byte[] data, int ttl) {
        return host.queueSend(destination, now -> transmit(now, socket, destination, port, data, ttl));
    }

    private void transmit(long nowNanos, UdpSocket socket, Ipv4Address destination, int port, byte[] data, int ttl) {
        if (socket.isClosed()) {
            return;
        }
        Route route = host.ip.routeOrNull(destination);
        if (route == null) {
            host.drop(nowNanos, -1, Layer.IPV4, DropReason.NO_ROUTE, "UDP to " + destination);
            sockets.deliverError(socket.port(), new UdpError(nowNanos, Ipv4Address.ANY, destination, port,
                    IcmpHeader.DESTINATION_UNREACHABLE, IcmpHeader.NET_UNREACHABLE));
            return;
        }
        Ipv4Address source = host.iface(route.interfaceIndex()).ip();
        MemorySegment out = MemorySegment.ofArray(new byte[UdpHeader.HEADER_LENGTH + data.length]);
        UdpHeader.of(socket.port(), port, data.length).emit(out, MemorySegment.ofArray(data), source, destination);
        host.ip.send(nowNanos, route, destination, Ipv4Header.PROTOCOL_UDP, ttl, out);
        host.stats.count(Counter.UDP_SENT);
    }

    @Override
    public void close(UdpSocket socket) {
        sockets.release(socket);
    }
}
