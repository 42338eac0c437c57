package dev.wirestack.stack;

import dev.wirestack.ip.Route;
import dev.wirestack.tcp.ChallengeAckLimit;
import dev.wirestack.tcp.Endpoint;
import dev.wirestack.tcp.FourTuple;
import dev.wirestack.tcp.SegmentToSend;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpConnection;
import dev.wirestack.tcp.TcpState;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.Bytes;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpSegment;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The host's TCP: demultiplexes segments to connections by 4-tuple, runs listeners (backlogs, SYN cookies), answers
 * segments nobody wants with RST, and moves what connections want to send to IPv4. The protocol itself lives in
 * {@link TcpConnection}; this is the glue of DESIGN.md's receive path "TCP (4-tuple lookup, else listener, else RST)".
 *
 * <p>Connections are kept while they live, TIME_WAIT included (so their 4-tuple stays taken and late segments
 * reach them), and forgotten once {@link TcpConnection#isTerminated}. Their timers sit in one {@link TcpTimers}
 * heap; those with something to send sit in a queue, so neither polling nor deadlines scan idle connections.
 */
final class TcpLayer {
    /** Linux's default TTL for its own datagrams (net.ipv4.ip_default_ttl). */
    static final int TTL = 64;
    /** The half-open limit when the application gives none (Linux's tcp_max_syn_backlog floor is 128; 256 here). */
    static final int DEFAULT_SYN_BACKLOG = 256;
    static final int EPHEMERAL_FIRST = 32768;
    static final int EPHEMERAL_LAST = 60999;
    /** IPv4 header plus TCP header without options: the MSS is the MTU less these (RFC 9293 section 3.7.1). */
    private static final int IP_AND_TCP_HEADERS = 40;
    /** The bounds TcpConfig accepts: 64, and 65535 less the headers. */
    private static final int MIN_MSS = 64;
    private static final int MAX_MSS = 65495;

    private final Host host;
    private final IsnGenerator isns;
    private final SynCookies cookies;
    private final ChallengeAckLimit challengeAckLimit = new ChallengeAckLimit(ChallengeAckLimit.LINUX_PER_SECOND);
    private final Map<FourTuple, TcpSocket> connections = new HashMap<>();
    /**
     * The connection the last received segment was for, or null: a bulk transfer's segments all find the same one,
     * which this finds without building a key. Cleared whenever an entry of {@link #connections} is added,
     * replaced (a TIME-WAIT reincarnation) or removed, so it is always a live entry of the table.
     */
    private TcpSocket lastReceiver;
    private final Map<Endpoint, TcpListener> listeners = new HashMap<>();
    private final TcpTimers timers = new TcpTimers();
    private final ArrayDeque<TcpSocket> opening = new ArrayDeque<>();
    private final ArrayDeque<TcpSocket> transmitReady = new ArrayDeque<>();
    private final ArrayDeque<TcpSocket> notifyQueue = new ArrayDeque<>();
    private final List<TcpSocket> due = new ArrayList<>();
    private boolean dispatching;

    TcpLayer(Host host) {
        this.host = host;
        this.isns = new IsnGenerator(host.random);
        this.cookies = new SynCookies(host.random);
    }

    // ---- Receive ----------------------------------------------------------------------------------------------

    void receive(long now, HostInterface iface, Ipv4Header ip, MemorySegment payload, boolean broadcast)
            throws MalformedPacketException {
        TcpSegment segment = TcpHeader.parse(payload, ip.source(), ip.destination());
        host.stats.count(Counter.TCP_RECEIVED);
        TcpHeader header = segment.header();
        if (broadcast) {
            // RFC 1122 4.2.3.10: a segment to a broadcast or multicast address is silently discarded.
            host.drop(now, iface.index(), Layer.TCP, DropReason.BAD_VALUE, "TCP segment to " + ip.destination());
            return;
        }
        TcpSocket socket = lastReceiver;
        FourTuple tuple = null;
        if (socket == null || !socket.tuple().is(ip.destination(), header.destinationPort(), ip.source(),
                header.sourcePort())) {
            tuple = new FourTuple(new Endpoint(ip.destination(), header.destinationPort()),
                    new Endpoint(ip.source(), header.sourcePort()));
            socket = connections.get(tuple);
        }
        if (socket != null && socket.isOpen()) {
            lastReceiver = socket;
            toConnection(now, iface, socket, header, segment.payload());
        } else if (socket == null && listenerFor(tuple.local()) instanceof TcpListener listener) {
            toListener(now, iface, listener, tuple, header, segment.payload());
        } else if (socket == null) {
            closedPort(now, iface, tuple, header, (int) segment.payload().byteSize());
        }
        // else: a connect whose SYN has not even left yet; nothing can be for it.
        dispatch();
    }

    private void toConnection(long now, HostInterface iface, TcpSocket socket, TcpHeader header,
                              MemorySegment payload) {
        if (header.has(TcpHeader.SYN) && socket.connection.acceptsNewIncarnation(header)
                && listenerFor(socket.tuple().local()) instanceof TcpListener listener) {
            reincarnate(now, iface, socket, listener, header, payload);
            return;
        }
        if (socket.halfOpen && socket.listener.acceptQueueFull() && completesHandshake(header)
                && socket.connection.state() == TcpState.SYN_RECEIVED) {
            // Linux's listen overflow: keep the connection half-open; its SYN-ACK retransmission or the client's
            // next segment will complete the handshake once the application made room.
            host.drop(now, iface.index(), Layer.TCP, DropReason.LISTEN_OVERFLOW,
                    "accept queue of " + socket.listener.localEndpoint() + " is full");
            return;
        }
        socket.connection.onSegment(now, header, payload);
        settle(now, socket);
    }

    /**
     * A SYN that may reopen a connection in TIME-WAIT (RFC 6191): the old incarnation is forgotten and the listener
     * takes the SYN. The new ISS is the old SND.NXT plus 65537, as Linux's tcp_timewait_state_process picks it, so
     * that no segment of the old incarnation can fall in the new one's window.
     */
    private void reincarnate(long now, HostInterface iface, TcpSocket old, TcpListener listener, TcpHeader syn,
                             MemorySegment payload) {
        SeqNum iss = old.connection.sndNxt().plus(65537);
        old.connection.leaveTimeWait(now);
        settle(now, old);
        toListener(now, iface, listener, old.tuple(), syn, payload, iss);
    }

    /** RFC 9293 section 3.10.7.2, the LISTEN state; with SYN cookies for the ACK step when the queue overflowed. */
    private void toListener(long now, HostInterface iface, TcpListener listener, FourTuple tuple, TcpHeader header,
                            MemorySegment payload) {
        toListener(now, iface, listener, tuple, header, payload, null);
    }

    /** {@link #toListener} with the ISS of the new connection given, or null to draw one (RFC 6528). */
    private void toListener(long now, HostInterface iface, TcpListener listener, FourTuple tuple, TcpHeader header,
                            MemorySegment payload, SeqNum givenIss) {
        if (header.has(TcpHeader.RST)) {
            return; // "An incoming RST segment could not be valid since it could not have been sent in response..."
        }
        if (header.has(TcpHeader.ACK)) {
            if (!header.has(TcpHeader.SYN) && acceptCookie(now, iface, listener, tuple, header, payload)) {
                return;
            }
            reset(now, iface, tuple, header, (int) payload.byteSize());
            return;
        }
        if (!header.has(TcpHeader.SYN)) {
            host.drop(now, iface.index(), Layer.TCP, DropReason.PORT_UNREACHABLE,
                    "segment without SYN to listener " + listener.localEndpoint());
            return;
        }
        if (listener.acceptQueueFull()) {
            host.drop(now, iface.index(), Layer.TCP, DropReason.LISTEN_OVERFLOW,
                    "SYN: accept queue of " + listener.localEndpoint() + " is full");
            return;
        }
        int mss = mssFor(iface, listener.config);
        if (listener.halfOpenFull()) {
            sendCookie(now, tuple, header, mss, listener.config);
            return;
        }
        SeqNum iss = givenIss != null ? givenIss : isns.isn(now, tuple.local().address(), tuple.local().port(),
                tuple.remote().address(), tuple.remote().port());
        settle(now, child(now, listener, tuple, iss, header, mss));
    }

    /**
     * A listener's new half-open child in SYN_RECEIVED (RFC 9293 3.10.7.2, LISTEN fourth), known by its 4-tuple; the
     * trace shows the LISTEN to SYN_RECEIVED step of the RFC's diagram, since the connection is born in its state.
     */
    private TcpSocket child(long now, TcpListener listener, FourTuple tuple, SeqNum iss, TcpHeader syn, int mss) {
        TcpSocket socket = new TcpSocket(this, tuple, null);
        socket.listener = listener;
        socket.halfOpen = true;
        listener.addHalfOpen(socket);
        register(tuple, socket);
        socket.connection = TcpConnection.acceptSyn(now, tuple, iss, syn, listener.config.withMss(mss),
                socket.observer);
        offerSegmentationOffload(socket.connection, tuple, mss);
        socket.connection.shareChallengeAckLimit(challengeAckLimit);
        socket.observer.onStateChange(now, socket.connection, TcpState.LISTEN, TcpState.SYN_RECEIVED);
        return socket;
    }

    /** The SYN-ACK of RFC 4987's SYN cookie: the ISN is the cookie; only the MSS option can be carried. */
    private void sendCookie(long now, FourTuple tuple, TcpHeader syn, int mss, TcpConfig config) {
        SeqNum cookie = cookies.cookie(now, tuple.local().address(), tuple.local().port(), tuple.remote().address(),
                tuple.remote().port(), syn.sequenceNumber(), syn.options().hasMss() ? syn.options().mss() : 536);
        int window = Math.min(0xffff, config.receiveBufferBytes());
        TcpHeader synAck = new TcpHeader(tuple.local().port(), tuple.remote().port(), cookie,
                syn.sequenceNumber().plus(1), TcpHeader.SYN | TcpHeader.ACK, window, 0, TcpOptions.NONE.withMss(mss));
        host.stats.count(Counter.TCP_SYN_COOKIES_SENT);
        send(now, tuple, new SegmentToSend(synAck, 0), null);
    }

    /**
     * A bare ACK to a listener: if it carries a valid cookie ({@code ACK - 1}), the connection is recreated from it,
     * as if the SYN had been queued: the SYN is rebuilt from what the cookie kept (the client's ISN is
     * {@code SEQ - 1}, its MSS the cookie's), the connection made from it is given the ACK, and the SYN-ACK it
     * queues is not sent again (the cookie SYN-ACK was that segment). The rebuilt SYN offers no window scaling, SACK
     * or timestamps, since the cookie SYN-ACK offered none; so the connection uses none.
     */
    private boolean acceptCookie(long now, HostInterface iface, TcpListener listener, FourTuple tuple,
                                 TcpHeader ack, MemorySegment payload) {
        int peerMss = cookies.check(now, tuple.local().address(), tuple.local().port(), tuple.remote().address(),
                tuple.remote().port(), ack.sequenceNumber(), ack.acknowledgmentNumber());
        if (peerMss < 0) {
            return false;
        }
        if (listener.acceptQueueFull()) {
            host.drop(now, iface.index(), Layer.TCP, DropReason.LISTEN_OVERFLOW,
                    "cookie ACK: accept queue of " + listener.localEndpoint() + " is full");
            return true;
        }
        host.stats.count(Counter.TCP_SYN_COOKIES_ACCEPTED);
        TcpHeader syn = new TcpHeader(ack.sourcePort(), ack.destinationPort(), ack.sequenceNumber().plus(-1),
                SeqNum.ZERO, TcpHeader.SYN, ack.window(), 0, TcpOptions.NONE.withMss(peerMss));
        TcpSocket socket = child(now, listener, tuple, ack.acknowledgmentNumber().plus(-1), syn,
                mssFor(iface, listener.config));
        TcpConnection connection = socket.connection;
        while (connection.pollSegment(now) != null) {
            // The SYN-ACK: already sent, as the cookie.
        }
        connection.onSegment(now, ack, payload);
        settle(now, socket);
        return true;
    }

    /**
     * An ICMP error about a TCP segment this host sent (RFC 9293 section 3.9): the quoted header's first 8 bytes
     * give the ports and the sequence number, which find the connection and let it judge the error. One that finds
     * no connection, or quotes a sequence number it never sent unacknowledged (RFC 5927), is dropped and counted.
     */
    void icmpError(long now, IcmpHeader error, Ipv4Header quoted, MemorySegment quotedPayload) {
        if (quotedPayload.byteSize() < 8) {
            host.drop(now, -1, Layer.TCP, DropReason.TRUNCATED, "ICMP error quotes " + quotedPayload.byteSize()
                    + " bytes of TCP header");
            return;
        }
        FourTuple tuple = new FourTuple(new Endpoint(quoted.source(), Bytes.u16(quotedPayload, 0)),
                new Endpoint(quoted.destination(), Bytes.u16(quotedPayload, 2)));
        SeqNum seq = SeqNum.of(Bytes.u32(quotedPayload, 4));
        TcpSocket socket = connections.get(tuple);
        int mtu = error.type() == IcmpHeader.DESTINATION_UNREACHABLE ? error.nextHopMtu() : 0;
        if (socket == null || !socket.isOpen()
                || !socket.connection.onIcmpError(now, error.type(), error.code(), seq, mtu)) {
            host.drop(now, -1, Layer.TCP, DropReason.ICMP_OUT_OF_WINDOW, "ICMP type " + error.type() + " code "
                    + error.code() + " for " + tuple + " seq " + seq);
            return;
        }
        settle(now, socket);
        dispatch();
    }

    /** RFC 9293 section 3.10.7.1: a segment for no connection and no listener gets a RST, unless it is one. */
    private void closedPort(long now, HostInterface iface, FourTuple tuple, TcpHeader header, int payloadLength) {
        host.drop(now, iface.index(), Layer.TCP, DropReason.PORT_UNREACHABLE,
                "TCP port " + tuple.local().port() + " from " + tuple.remote());
        if (!header.has(TcpHeader.RST)) {
            reset(now, iface, tuple, header, payloadLength);
        }
    }

    /**
     * The RST of RFC 9293 section 3.10.7.1: "If the ACK bit is off, sequence number zero is used,
     * {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}. If the ACK bit is on, {@code <SEQ=SEG.ACK><CTL=RST>}."
     * SEG.LEN counts SYN and FIN.
     */
    private void reset(long now, HostInterface iface, FourTuple tuple, TcpHeader header, int payloadLength) {
        TcpHeader rst;
        if (header.has(TcpHeader.ACK)) {
            rst = TcpHeader.of(tuple.local().port(), tuple.remote().port(), header.acknowledgmentNumber(),
                    SeqNum.ZERO, TcpHeader.RST, 0);
        } else {
            int length = payloadLength + (header.has(TcpHeader.SYN) ? 1 : 0) + (header.has(TcpHeader.FIN) ? 1 : 0);
            rst = TcpHeader.of(tuple.local().port(), tuple.remote().port(), SeqNum.ZERO,
                    header.sequenceNumber().plus(length), TcpHeader.RST | TcpHeader.ACK, 0);
        }
        host.stats.count(Counter.TCP_RESETS_SENT);
        send(now, tuple, new SegmentToSend(rst, 0), null);
    }

    private static boolean completesHandshake(TcpHeader header) {
        return header.has(TcpHeader.ACK) && !header.has(TcpHeader.SYN) && !header.has(TcpHeader.RST);
    }

    private TcpListener listenerFor(Endpoint local) {
        TcpListener exact = listeners.get(local);
        return exact != null ? exact : listeners.get(new Endpoint(Ipv4Address.ANY, local.port()));
    }

    // ---- Transmit and timers ----------------------------------------------------------------------------------

    /** Opens the connects made since the last poll, then sends what every connection with output has to send. */
    void transmit(long now) {
        TcpSocket socket;
        while ((socket = opening.poll()) != null) {
            open(now, socket);
        }
        while ((socket = transmitReady.poll()) != null) {
            socket.queuedForTransmit = false;
            if (!socket.forgotten) {
                settle(now, socket);
            }
        }
        dispatch();
    }

    boolean hasPendingTransmit() {
        return !opening.isEmpty() || !transmitReady.isEmpty();
    }

    long nextDeadline() {
        return timers.earliest();
    }

    /** Runs the timers of the connections that are due; each runs once per call, whatever it asks for next. */
    void onTimeout(long now) {
        TcpSocket socket;
        while ((socket = timers.pollDue(now)) != null) {
            due.add(socket);
        }
        for (TcpSocket dueSocket : due) {
            if (!dueSocket.forgotten) {
                dueSocket.connection.onTimeout(now);
                settle(now, dueSocket);
            }
        }
        due.clear();
        dispatch();
    }

    /**
     * After the connection was given something (a segment, a timer, an open): sends what it has to send, moves its
     * timer, and forgets it when it is over.
     */
    private void settle(long now, TcpSocket socket) {
        TcpConnection connection = socket.connection;
        SegmentToSend out;
        while ((out = connection.pollSegment(now)) != null) {
            send(now, socket.tuple(), out, connection);
        }
        if (connection.isTerminated()) {
            forget(socket);
        } else {
            timers.update(socket, connection.nextDeadline());
        }
    }

    /** Enters a connection in the table; it may replace one (a TIME-WAIT reincarnation), so the cache is cleared. */
    private void register(FourTuple tuple, TcpSocket socket) {
        lastReceiver = null;
        connections.put(tuple, socket);
    }

    private void forget(TcpSocket socket) {
        socket.forgotten = true;
        if (lastReceiver == socket) {
            lastReceiver = null;
        }
        connections.remove(socket.tuple(), socket);
        timers.remove(socket);
    }

    /**
     * Sends one segment. Its payload, if any, comes from {@code source}'s send buffer (null for a segment without
     * payload) and is copied straight into the outgoing frame, where the header and checksum are then written
     * around it: one copy per byte.
     */
    private void send(long now, FourTuple tuple, SegmentToSend segment, TcpConnection source) {
        Ipv4Address local = tuple.local().address();
        Ipv4Address destination = tuple.remote().address();
        Route route = host.ip.routeOrNull(destination);
        if (route == null) {
            host.drop(now, -1, Layer.IPV4, DropReason.NO_ROUTE, "TCP to " + destination);
            return;
        }
        TcpHeader header = segment.header();
        int payloadLength = segment.payloadLength();
        host.stats.count(Counter.TCP_SENT);
        host.ip.send(now, route, local, destination, Ipv4Header.PROTOCOL_TCP, TTL, header.length() + payloadLength,
                (out, offset) -> {
                    if (payloadLength > 0) {
                        source.copyPayload(segment, out, offset + header.length());
                    }
                    header.emitAround(out, offset, payloadLength, local, destination);
                });
    }

    // ---- Opening and listening (the application side) -----------------------------------------------------------

    TcpListener listen(Ipv4Address address, int port, int backlog, int synBacklog, TcpConfig config) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("a TCP listening port is 1..65535, not " + port);
        }
        if (backlog < 1 || synBacklog < 1) {
            throw new IllegalArgumentException("backlogs must be at least 1: backlog " + backlog + ", SYN backlog "
                    + synBacklog);
        }
        if (!address.isUnspecified() && !host.isOurAddress(address)) {
            throw new IllegalArgumentException(address + " is not an address of " + host.name());
        }
        Endpoint local = new Endpoint(address, port);
        if (listeners.containsKey(local)) {
            throw new IllegalStateException("TCP " + local + " is already listened on");
        }
        TcpListener listener = new TcpListener(this, local, backlog, synBacklog, config);
        listeners.put(local, listener);
        return listener;
    }

    void stopListening(TcpListener listener) {
        listeners.remove(listener.localEndpoint(), listener);
    }

    /**
     * An active open: picks the source address (the route's interface) and {@code localPort}, or a free ephemeral
     * port when it is 0, and queues the open for the next poll, which supplies the time. A chosen port is refused
     * only if its 4-tuple is taken (a listener on it does not matter: segments find the connection first).
     */
    TcpSocket connect(Ipv4Address destination, int port, int localPort, TcpConfig config) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("a TCP destination port is 1..65535, not " + port);
        }
        if (localPort < 0 || localPort > 0xffff) {
            throw new IllegalArgumentException("a TCP local port is 1..65535 (0: ephemeral), not " + localPort);
        }
        Route route = host.ip.route(destination).orElseThrow(() ->
                new IllegalStateException("no route from " + host.name() + " to " + destination));
        HostInterface out = host.iface(route.interfaceIndex());
        int chosenPort = localPort != 0 ? localPort : ephemeralPort(out.ip(), destination, port);
        FourTuple tuple = new FourTuple(new Endpoint(out.ip(), chosenPort), new Endpoint(destination, port));
        if (connections.containsKey(tuple)) {
            throw new IllegalStateException("TCP " + tuple + " is already in use on " + host.name());
        }
        TcpSocket socket = new TcpSocket(this, tuple, config.withMss(mssFor(out, config)));
        register(tuple, socket);
        opening.add(socket);
        return socket;
    }

    private void open(long now, TcpSocket socket) {
        FourTuple tuple = socket.tuple();
        SeqNum iss = isns.isn(now, tuple.local().address(), tuple.local().port(), tuple.remote().address(),
                tuple.remote().port());
        TcpConnection connection = TcpConnection.connect(now, tuple, iss, socket.openConfig, socket.observer);
        offerSegmentationOffload(connection, tuple, socket.openConfig.mss());
        connection.shareChallengeAckLimit(challengeAckLimit);
        socket.opened(connection);
        // A connection is born in its first state; the trace shows the open as the RFC 9293 diagram draws it.
        socket.observer.onStateChange(now, socket.connection, TcpState.CLOSED, TcpState.SYN_SENT);
        settle(now, socket);
    }


    /**
     * Lets a connection send segments its interface's device cuts (HostInterface#setSegmentationOffload), when its
     * MSS is the one the interface's MTU gives: the device cuts at that size.
     */
    private void offerSegmentationOffload(TcpConnection connection, FourTuple tuple, int mss) {
        host.ip.route(tuple.remote().address()).map(route -> host.iface(route.interfaceIndex()))
                .filter(out -> out.segmentationOffload() > 0 && mss == out.mtu() - IP_AND_TCP_HEADERS)
                .ifPresent(out -> connection.setSegmentationOffload(out.segmentationOffload()));
    }

    /** Linux's ip_local_port_range: from a random start, the first port whose 4-tuple is free, wrapping. */
    private int ephemeralPort(Ipv4Address local, Ipv4Address remote, int remotePort) {
        int range = EPHEMERAL_LAST - EPHEMERAL_FIRST + 1;
        int start = host.random.nextInt(range);
        Endpoint remoteEnd = new Endpoint(remote, remotePort);
        for (int i = 0; i < range; i++) {
            int candidate = EPHEMERAL_FIRST + (start + i) % range;
            if (!connections.containsKey(new FourTuple(new Endpoint(local, candidate), remoteEnd))
                    && listenerFor(new Endpoint(local, candidate)) == null) {
                return candidate;
            }
        }
        throw new IllegalStateException("all " + range + " ephemeral TCP ports to " + remoteEnd + " are in use");
    }

    /**
     * The MSS we announce: the interface MTU less the IPv4 and TCP headers (1460 for Ethernet's 1500, 8960 for
     * jumbo frames). A config whose MSS is not the default's caps it, as Linux's TCP_MAXSEG does.
     */
    private static int mssFor(HostInterface iface, TcpConfig config) {
        int fromMtu = Math.clamp(iface.mtu() - IP_AND_TCP_HEADERS, MIN_MSS, MAX_MSS);
        return config.mss() == TcpConfig.DEFAULT.mss() ? fromMtu : Math.min(config.mss(), fromMtu);
    }

    // ---- Called by sockets and their observers -----------------------------------------------------------------

    /** After an application call: the socket may have output, a new deadline, new notifications, or be over. */
    void applicationCall(TcpSocket socket) {
        TcpConnection connection = socket.connection;
        if (socket.forgotten) {
            dispatch();
            return;
        }
        if (connection.wantsToTransmit()) {
            if (!socket.queuedForTransmit) {
                socket.queuedForTransmit = true;
                transmitReady.add(socket);
            }
        } else if (connection.isTerminated()) {
            forget(socket);
        } else {
            timers.update(socket, connection.nextDeadline());
        }
        dispatch();
    }

    /** A handshake completed: a listener's child moves from its half-open queue to its accept queue. */
    void established(TcpSocket socket) {
        if (socket.halfOpen) {
            socket.halfOpen = false;
            socket.listener.established(socket);
            notify(socket, TcpSocket.ACCEPTABLE);
        }
    }

    void closed(TcpSocket socket) {
        if (socket.halfOpen) {
            socket.halfOpen = false;
            socket.listener.childClosed(socket);
            socket.listener = null;
        }
    }

    void notify(TcpSocket socket, int bits) {
        if (socket.addNotifications(bits)) {
            notifyQueue.add(socket);
        }
    }

    /** Runs pending callbacks, unless already doing so further up the stack (a callback calling the host). */
    private void dispatch() {
        if (dispatching) {
            return;
        }
        dispatching = true;
        try {
            TcpSocket socket;
            while ((socket = notifyQueue.poll()) != null) {
                socket.deliverNotifications();
            }
        } finally {
            dispatching = false;
        }
    }

    /** A connection kept a challenge ACK back (RFC 5961 section 7): counted and traced as a drop. */
    void challengeAckSuppressed(long now, FourTuple tuple) {
        host.drop(now, -1, Layer.TCP, DropReason.CHALLENGE_ACK_RATE_LIMITED, "challenge ACK to " + tuple.remote());
    }

    boolean tracing() {
        return host.tracer != Tracer.NONE;
    }

    void trace(TraceEvent event) {
        host.trace(event);
    }

    String hostName() {
        return host.name();
    }

    /** Connections the host keeps now (TIME_WAIT included, connects not yet opened included). */
    int connectionCount() {
        return connections.size();
    }
}
