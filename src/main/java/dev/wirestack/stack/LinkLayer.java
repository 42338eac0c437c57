package dev.wirestack.stack;

import dev.wirestack.arp.ArpCache;
import dev.wirestack.ip.Ipv4Fragmenter;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MacAddress;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The host's Ethernet and ARP side: answers and learns from ARP (the policy is {@link ArpCache}'s), resolves next
 * hops (queueing datagrams while it does), fragments datagrams by the interface MTU and frames them.
 *
 * <p>Replies go only for the address of the interface the request came in on (Linux's arp_ignore=1).
 */
final class LinkLayer {
    /** A datagram waiting for its next hop's MAC: fragmented only once it can leave. */
    record Pending(Ipv4Header header, byte[] payload) {
    }

    private final Host host;

    LinkLayer(Host host) {
        this.host = host;
    }

    void receiveArp(long nowNanos, HostInterface iface, ArpPacket arp) {
        host.stats.count(arp.operation() == ArpPacket.REQUEST
                ? Counter.ARP_REQUESTS_RECEIVED : Counter.ARP_REPLIES_RECEIVED);
        Ipv4Address sender = arp.senderIp();
        boolean targetsUs = arp.targetIp().equals(iface.ip()) && !arp.isGratuitous();
        boolean validSender = !sender.isUnspecified() && !sender.isBroadcast() && !sender.isMulticast()
                && !iface.isDirectedBroadcast(sender) && arp.senderMac().isUnicast() && !host.isOurAddress(sender);
        boolean recorded = false;
        if (validSender) {
            ArpCache.Learned<Pending> learned = iface.arp.learn(nowNanos, sender, arp.senderMac(),
                    arp.operation() == ArpPacket.REQUEST && targetsUs);
            recorded = learned.recorded();
            if (learned.changed()) {
                host.trace(new TraceEvent.ArpResolved(nowNanos, host.name(), iface.index(), sender, arp.senderMac()));
            }
            for (Pending pending : learned.released()) {
                transmit(nowNanos, iface, arp.senderMac(), pending.header(),
                        PayloadWriter.of(MemorySegment.ofArray(pending.payload())));
            }
        }
        if (arp.operation() == ArpPacket.REQUEST && targetsUs) {
            sendArp(iface, arp.senderMac(), ArpPacket.reply(iface.mac(), iface.ip(), arp.senderMac(), sender));
            host.stats.count(Counter.ARP_REPLIES_SENT);
        } else if (!recorded) {
            host.drop(nowNanos, iface.index(), Layer.ARP, DropReason.ARP_NOT_FOR_US,
                    (arp.operation() == ArpPacket.REQUEST ? "request" : "reply") + " from " + sender + " for "
                            + arp.targetIp());
        }
    }

    /** A gratuitous ARP request announcing the interface's address (RFC 5227 section 3). */
    void announce(HostInterface iface) {
        sendArp(iface, MacAddress.BROADCAST, ArpPacket.request(iface.mac(), iface.ip(), iface.ip()));
        host.stats.count(Counter.ARP_GRATUITOUS_SENT);
    }

    /** Sends a datagram to {@code nextHop} on {@code iface}: at once if its MAC is known, else after ARP. */
    void send(long nowNanos, HostInterface iface, Ipv4Address nextHop, Ipv4Header header, PayloadWriter payload) {
        if (nextHop.isBroadcast() || iface.isDirectedBroadcast(nextHop)) {
            transmit(nowNanos, iface, MacAddress.BROADCAST, header, payload);
            return;
        }
        MacAddress mac = iface.arp.lookup(nowNanos, nextHop);
        if (mac != null) {
            transmit(nowNanos, iface, mac, header, payload);
            return;
        }
        Pending pending = new Pending(header, payload.materialize(header.payloadLength()));
        switch (iface.arp.enqueue(nowNanos, nextHop, pending)) {
            case SEND_REQUEST -> requestMac(iface, nextHop);
            case QUEUED -> { }
            case QUEUE_FULL -> host.drop(nowNanos, iface.index(), Layer.ARP, DropReason.ARP_QUEUE_FULL,
                    "datagram to " + header.destination() + " waiting for " + nextHop);
        }
    }

    /** Retries ARP requests and gives up resolutions: their datagrams are dropped, their senders told. */
    void onTimeout(long nowNanos, HostInterface iface) {
        ArpCache.Expiry<Pending> expiry = iface.arp.onTimeout(nowNanos);
        expiry.retry().forEach(address -> requestMac(iface, address));
        for (ArpCache.Failure<Pending> failure : expiry.failed()) {
            host.trace(new TraceEvent.ArpFailed(nowNanos, host.name(), iface.index(), failure.address()));
            for (Pending pending : failure.dropped()) {
                host.drop(nowNanos, iface.index(), Layer.ARP, DropReason.ARP_UNRESOLVED,
                        "no ARP reply from " + failure.address() + " for datagram to "
                                + pending.header().destination());
                host.icmp.sendError(nowNanos, pending.header(), MemorySegment.ofArray(pending.payload()),
                        IcmpHeader.destinationUnreachable(IcmpHeader.HOST_UNREACHABLE, 0), false);
            }
        }
    }

    private void requestMac(HostInterface iface, Ipv4Address address) {
        sendArp(iface, MacAddress.BROADCAST, ArpPacket.request(iface.mac(), iface.ip(), address));
        host.stats.count(Counter.ARP_REQUESTS_SENT);
    }

    private void sendArp(HostInterface iface, MacAddress destination, ArpPacket arp) {
        byte[] frame = new byte[EthernetHeader.MIN_FRAME_LENGTH];
        MemorySegment out = MemorySegment.ofArray(frame);
        EthernetHeader.untagged(destination, iface.mac(), EthernetHeader.ETHERTYPE_ARP).emit(out);
        arp.emit(out.asSlice(EthernetHeader.HEADER_LENGTH));
        if (!enqueue(iface, frame)) {
            host.stats.drop(DropReason.QUEUE_FULL); // no time here to trace with: counted only
        }
    }

    /** Fragments the datagram by the interface MTU and queues one frame per fragment. */
    private void transmit(long nowNanos, HostInterface iface, MacAddress destination, Ipv4Header header,
                          PayloadWriter payload) {
        if (header.totalLength() <= iface.mtu() || (header.protocol() == Ipv4Header.PROTOCOL_TCP
                && header.totalLength() <= iface.largestTcpDatagram())) {
            // The common case, without the fragmenter's list: one datagram, one frame (or an offloaded TCP segment,
            // which the device cuts).
            transmitFrame(nowNanos, iface, destination, header, payload);
            return;
        }
        MemorySegment whole = MemorySegment.ofArray(payload.materialize(header.payloadLength()));
        for (Ipv4Fragmenter.Fragment fragment : Ipv4Fragmenter.fragment(header, whole, iface.mtu())) {
            if (transmitFrame(nowNanos, iface, destination, fragment.header(), PayloadWriter.of(fragment.payload()))) {
                host.stats.count(Counter.IP_FRAGMENTS_SENT);
            }
        }
    }

    /** Frames one datagram (or fragment) and queues it; false when the transmit queue was full (then traced). */
    private boolean transmitFrame(long nowNanos, HostInterface iface, MacAddress destination, Ipv4Header header,
                                  PayloadWriter payload) {
        int ipLength = header.totalLength();
        int end = EthernetHeader.HEADER_LENGTH + ipLength;
        // A reused array holds an old frame: every byte is written below, the padding of a short frame included.
        byte[] frame = host.framePool.take(Math.max(EthernetHeader.MIN_FRAME_LENGTH, end));
        Arrays.fill(frame, end, frame.length, (byte) 0);
        MemorySegment out = MemorySegment.ofArray(frame);
        EthernetHeader.untagged(destination, iface.mac(), EthernetHeader.ETHERTYPE_IPV4).emit(out);
        header.emit(out, EthernetHeader.HEADER_LENGTH);
        payload.write(out, EthernetHeader.HEADER_LENGTH + header.headerLength());
        if (!enqueue(iface, frame)) {
            host.framePool.give(frame);
            host.drop(nowNanos, iface.index(), Layer.ETHERNET, DropReason.QUEUE_FULL,
                    "transmit queue full (" + host.config.transmitQueueLimit() + " frames)");
            return false;
        }
        return true;
    }

    private boolean enqueue(HostInterface iface, byte[] frame) {
        if (iface.transmitQueue.size() >= host.config.transmitQueueLimit()) {
            return false;
        }
        iface.transmitQueue.add(frame);
        return true;
    }
}
