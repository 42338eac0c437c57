package dev.wirestack.stack;

import dev.wirestack.icmp.IcmpRateLimiter;
import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.ip.Ipv4Reassembler;
import dev.wirestack.ip.RouteTable;
import dev.wirestack.ip.SendResult;
import dev.wirestack.link.NetworkNode;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.Problem;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

/**
 * An IPv4 host (or, with forwarding, a router): Ethernet interfaces, ARP, IPv4 with fragmentation and reassembly,
 * ICMP, UDP and TCP, as a sans-I/O {@link NetworkNode}. Port {@code i} of the node is interface {@code i}.
 *
 * <p>Single-threaded and deterministic: one thread drives it; time comes only as {@code nowNanos}; randomness
 * (ephemeral ports, the first IP identification, echo identifiers) only from the injected generator. Application
 * calls ({@link UdpSocket#send}, {@link PingSocket#send}) only queue work: it is done, and its frames leave, in the
 * next {@link #pollTransmit}. {@link #hasPendingTransmit} tells a driver that such work waits.
 *
 * <p>Frame trace events: by default the host emits {@link TraceEvent.FrameReceived} when a frame is handed in and
 * {@link TraceEvent.FrameSent} when {@link #pollTransmit} hands one out. A driver that emits them itself (the
 * simulator, per link) builds hosts with {@code frameEvents(false)}.
 *
 * <p>Bad input: every parser error below the Ethernet frame is caught in {@link #receiveFrame} (one boundary),
 * counted under {@code DropReason.of(problem.kind())} and traced as {@link TraceEvent.Dropped} with the problem's
 * one-line description.
 */
public final class Host implements NetworkNode {
    private final String name;
    final HostConfig config;
    final Tracer tracer;
    final RandomGenerator random;
    final boolean forwarding;
    final Stats stats;
    /** Arrays of frames sent, given back by the driver for later frames. */
    final FramePool framePool = new FramePool();
    private final List<HostInterface> interfaces;
    private final RouteTable routes;
    private final ArrayDeque<LongConsumer> pendingSends = new ArrayDeque<>();
    final LinkLayer link;
    final IpLayer ip;
    final IcmpLayer icmp;
    final UdpLayer udp;
    final TcpLayer tcp;

    Host(String name, HostConfig config, Tracer tracer, RandomGenerator random, boolean forwarding,
         List<HostInterface> interfaces, RouteTable routes) {
        this.name = name;
        this.config = config;
        this.tracer = tracer;
        this.random = random;
        this.forwarding = forwarding;
        this.interfaces = List.copyOf(interfaces);
        this.routes = routes;
        Ipv4Reassembler reassembler = new Ipv4Reassembler(config.reassemblyTimeout(), config.reassemblyMemory());
        this.stats = new Stats(interfaces.size(), reassembler::bytesHeld);
        this.link = new LinkLayer(this);
        this.ip = new IpLayer(this, reassembler, random.nextInt(0x10000));
        this.icmp = new IcmpLayer(this, new IcmpRateLimiter(config.icmpErrorInterval(), config.icmpErrorBurst()));
        this.udp = new UdpLayer(this);
        this.tcp = new TcpLayer(this);
        if (config.gratuitousArp()) {
            this.interfaces.forEach(link::announce);
        }
    }

    /** Starts a host description: {@code Host.builder("client").iface(mac, "10.1.0.2/24").gateway("10.1.0.1")}. */
    public static HostBuilder builder(String name) {
        return new HostBuilder(name);
    }

    // ---- NetworkNode -------------------------------------------------------------------------------------------

    @Override
    public void receiveFrame(long nowNanos, int port, byte[] frame) {
        HostInterface iface = iface(port);
        stats.frameIn(port);
        if (config.frameEvents()) {
            trace(new TraceEvent.FrameReceived(nowNanos, name, port, frame.clone()));
        }
        if (!iface.isUp()) {
            drop(nowNanos, port, Layer.ETHERNET, DropReason.INTERFACE_DOWN, "if" + port + " is down");
            return;
        }
        try {
            receive(nowNanos, iface, MemorySegment.ofArray(frame));
        } catch (MalformedPacketException e) {
            Problem problem = e.problem();
            drop(nowNanos, port, problem.layer(), DropReason.of(problem.kind()), problem.describe());
        }
    }

    private void receive(long nowNanos, HostInterface iface, MemorySegment bytes) throws MalformedPacketException {
        // The layers below parse in place at their offsets in the frame: no slice per layer on every frame received.
        EthernetHeader header = EthernetHeader.parseHeader(bytes);
        boolean linkBroadcast = header.destination().isMulticast();
        if (!linkBroadcast && !header.destination().equals(iface.mac())) {
            drop(nowNanos, iface.index(), Layer.ETHERNET, DropReason.NOT_OUR_MAC, "frame for " + header.destination());
            return;
        }
        if (header.isTagged()) {
            drop(nowNanos, iface.index(), Layer.ETHERNET, DropReason.UNSUPPORTED,
                    "802.1Q tag (VLAN " + header.vlanId() + "): this host has no VLANs");
            return;
        }
        switch (header.etherType()) {
            case EthernetHeader.ETHERTYPE_ARP -> link.receiveArp(nowNanos, iface,
                    ArpPacket.parse(bytes.asSlice(header.length())));
            case EthernetHeader.ETHERTYPE_IPV4 ->
                    ip.receive(nowNanos, iface, Ipv4Header.parse(bytes, header.length()), linkBroadcast);
            default -> drop(nowNanos, iface.index(), Layer.ETHERNET, DropReason.UNKNOWN_ETHERTYPE,
                    String.format("ethertype 0x%04x", header.etherType()));
        }
    }

    /** A host reads a frame during {@link #receiveFrame} and copies what it keeps (data, fragments, traces). */
    @Override
    public boolean keepsReceivedFrames() {
        return false;
    }

    /** The array goes back to the pool that frames are framed in. */
    @Override
    public void reuseFrame(byte[] frame) {
        framePool.give(frame);
    }

    @Override
    public Transmission pollTransmit(long nowNanos) {
        tcp.transmit(nowNanos);
        runPendingSends(nowNanos);
        // Indexed loops over the interfaces here and below: these run for every frame, and an iterator each time
        // is garbage the JIT does not always remove.
        for (int i = 0; i < interfaces.size(); i++) {
            HostInterface iface = interfaces.get(i);
            byte[] frame = iface.transmitQueue.poll();
            if (frame != null) {
                stats.frameOut(iface.index());
                if (config.frameEvents()) {
                    trace(new TraceEvent.FrameSent(nowNanos, name, iface.index(), frame.clone()));
                }
                return new Transmission(iface.index(), frame);
            }
        }
        return null;
    }

    /** Whether {@link #pollTransmit} has something to return (frames, or application sends not yet processed). */
    public boolean hasPendingTransmit() {
        if (!pendingSends.isEmpty() || tcp.hasPendingTransmit()) {
            return true;
        }
        for (int i = 0; i < interfaces.size(); i++) {
            if (!interfaces.get(i).transmitQueue.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long nextDeadline() {
        long earliest = ip.nextDeadline();
        for (int i = 0; i < interfaces.size(); i++) {
            earliest = Math.min(earliest, interfaces.get(i).arp.nextDeadline());
        }
        earliest = Math.min(earliest, tcp.nextDeadline());
        return earliest;
    }

    @Override
    public void onTimeout(long nowNanos) {
        for (HostInterface iface : interfaces) {
            link.onTimeout(nowNanos, iface);
        }
        ip.onTimeout(nowNanos);
        tcp.onTimeout(nowNanos);
    }

    // ---- Application API ---------------------------------------------------------------------------------------

    /** A UDP socket bound to {@code port}, or to a free ephemeral port (32768-60999) when {@code port} is 0. */
    public UdpSocket openUdp(int port) {
        return udp.sockets.bind(port);
    }

    /** A ping socket with a fresh echo identifier; {@code listener} hears its replies and errors. */
    public PingSocket openPing(Consumer<PingEvent> listener) {
        return icmp.pings.open(listener);
    }

    /**
     * Listens for TCP connections on {@code port} of all this host's addresses, with {@code backlog} established
     * connections waiting to be accepted at most, the default SYN backlog and {@link TcpConfig#DEFAULT}.
     *
     * @throws IllegalStateException if the port is already listened on
     */
    public TcpListener tcpListen(int port, int backlog) {
        return tcpListen(Ipv4Address.ANY, port, backlog, TcpLayer.DEFAULT_SYN_BACKLOG, TcpConfig.DEFAULT);
    }

    /**
     * Listens for TCP connections on {@code address} (or {@link Ipv4Address#ANY}: all this host's addresses) and
     * {@code port}. {@code backlog} bounds the established connections waiting for accept, {@code synBacklog} those
     * still in the handshake (beyond it, SYN cookies answer). Each connection gets {@code config}, its MSS capped by
     * the MTU of the interface the SYN came in on.
     *
     * @throws IllegalStateException    if the address and port are already listened on
     * @throws IllegalArgumentException for a port outside 1..65535, a backlog below 1, another host's address
     */
    public TcpListener tcpListen(Ipv4Address address, int port, int backlog, int synBacklog, TcpConfig config) {
        return tcp.listen(address, port, backlog, synBacklog, config);
    }

    /** Opens a TCP connection to {@code destination}:{@code port} with {@link TcpConfig#DEFAULT}. */
    public TcpSocket tcpConnect(Ipv4Address destination, int port) {
        return tcpConnect(destination, port, TcpConfig.DEFAULT);
    }

    /**
     * Opens a TCP connection (non-blocking): from the address of the interface the route leaves through, an
     * ephemeral port (32768-60999) and an MSS of that interface's MTU less 40. The SYN leaves in the next poll;
     * {@link TcpSocket#onConnected} and {@link TcpSocket#onClosed} tell how it went.
     *
     * @throws IllegalStateException if there is no route to {@code destination} or no free ephemeral port
     */
    public TcpSocket tcpConnect(Ipv4Address destination, int port, TcpConfig config) {
        return tcp.connect(destination, port, 0, config);
    }

    /**
     * {@link #tcpConnect(Ipv4Address, int, TcpConfig)} from the chosen {@code localPort} instead of an ephemeral one
     * (bind before connect), as a simultaneous open needs.
     *
     * @throws IllegalStateException    if there is no route, or this 4-tuple is in use (TIME_WAIT included)
     * @throws IllegalArgumentException for a port outside 1..65535
     */
    public TcpSocket tcpConnect(Ipv4Address destination, int port, int localPort, TcpConfig config) {
        if (localPort == 0) {
            throw new IllegalArgumentException("a chosen TCP local port is 1..65535, not 0");
        }
        return tcp.connect(destination, port, localPort, config);
    }

    /**
     * Brings an interface up (announcing its address with a gratuitous ARP, when configured) or down (forgetting
     * its ARP cache and dropping what waits to leave through it, as INTERFACE_DOWN).
     */
    public void setInterfaceUp(int index, boolean up) {
        HostInterface iface = iface(index);
        if (iface.isUp() == up) {
            return;
        }
        iface.setUp(up);
        if (up) {
            if (config.gratuitousArp()) {
                link.announce(iface);
            }
            return;
        }
        int dropped = iface.arp.clear().size() + iface.transmitQueue.size();
        iface.transmitQueue.clear();
        for (int i = 0; i < dropped; i++) {
            stats.drop(DropReason.INTERFACE_DOWN);
        }
    }

    public String name() {
        return name;
    }

    public Stats stats() {
        return stats;
    }

    /**
     * The size of this host's TCP connection table: the connections it keeps now, half-open, TIME_WAIT and connects
     * whose SYN has not left yet included (listeners not counted). Read-only, for bounding memory in tests.
     */
    public int tcpConnectionCount() {
        return tcp.connectionCount();
    }

    public List<HostInterface> interfaces() {
        return interfaces;
    }

    public HostInterface iface(int index) {
        if (index < 0 || index >= interfaces.size()) {
            throw new IllegalArgumentException(name + " has no interface " + index + " (it has " + interfaces.size()
                    + ")");
        }
        return interfaces.get(index);
    }

    /** The routing table: connected routes, static routes, the default route. Routes may be added at run time. */
    public RouteTable routes() {
        return routes;
    }

    public boolean isForwarding() {
        return forwarding;
    }

    // ---- For the layers ----------------------------------------------------------------------------------------

    /** Queues an application send for the next poll; refuses it at once when there is no route. */
    SendResult queueSend(Ipv4Address destination, LongConsumer work) {
        if (ip.routeOrNull(destination) == null) {
            stats.drop(DropReason.NO_ROUTE);
            return SendResult.NO_ROUTE;
        }
        if (pendingSends.size() >= config.sendQueueLimit()) {
            return SendResult.BUFFER_FULL;
        }
        pendingSends.add(work);
        return SendResult.QUEUED;
    }

    private void runPendingSends(long nowNanos) {
        LongConsumer work;
        while ((work = pendingSends.poll()) != null) {
            work.accept(nowNanos);
        }
    }

    boolean isOurAddress(Ipv4Address address) {
        for (int i = 0; i < interfaces.size(); i++) {
            if (interfaces.get(i).ip().bits() == address.bits()) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code address} is the directed broadcast address of one of our subnets. */
    boolean isOurBroadcast(Ipv4Address address) {
        for (int i = 0; i < interfaces.size(); i++) {
            if (interfaces.get(i).isDirectedBroadcast(address)) {
                return true;
            }
        }
        return false;
    }

    void drop(long nowNanos, int port, Layer layer, DropReason reason, String detail) {
        stats.drop(reason);
        trace(new TraceEvent.Dropped(nowNanos, name, port, layer, reason, detail));
    }

    void trace(TraceEvent event) {
        tracer.emit(event);
    }

    @Override
    public String toString() {
        return name + interfaces;
    }
}
