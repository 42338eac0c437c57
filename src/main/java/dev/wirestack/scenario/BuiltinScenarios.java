package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.wire.TcpHeader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The learning scenarios {@code wirestack sim NAME} runs, each a small network that shows one behaviour of the
 * protocols and a paragraph that explains it. Precise impairments (this frame is lost, that one arrives late) are
 * {@link FrameRule}s on a link, so each scenario shows its behaviour every time, whatever the seed.
 */
public final class BuiltinScenarios {
    private static final String CLIENT = "client";
    private static final String SERVER = "server";
    private static final LinkSpec WIRE = LinkSpec.ethernet100M().delay(Duration.ofMillis(10));
    private static final LinkSpec LAN = LinkSpec.ethernet100M().delay(Duration.ofNanos(50_000));
    private static final TcpSettings TCP = TcpSettings.DEFAULT;

    private BuiltinScenarios() {
    }

    public static List<Scenario> all() {
        return List.of(handshake(), lostThirdAck(), oldDuplicateSyn(), simultaneousOpen(), fourWayClose(),
                simultaneousClose(), slowStart(), fastRetransmit(), retransmissionTimeout(), nagle(), zeroWindow(),
                fragmentation(), traceroute(), arp(), tcpAndUdp());
    }

    public static Optional<Scenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Scenario.HostSpec host(String name, String cidr) {
        return new Scenario.HostSpec(name, false, List.of(new Scenario.Interface(cidr, 1500)), null, List.of());
    }

    /** Client 10.0.0.1 and server 10.0.0.2 on one cable of 100 Mbit/s and 10 ms. */
    private static Scenario pair(String name, String title, String explanation, Duration duration,
                                 Scenario.Link link, Traffic... traffic) {
        return new Scenario(name, title, explanation, 1, duration,
                List.of(host(link.a(), "10.0.0.1/24"), host(link.b(), "10.0.0.2/24")), List.of(), List.of(link), TCP,
                List.of(traffic));
    }

    private static Scenario.Link wire() {
        return new Scenario.Link(CLIENT, SERVER, WIRE);
    }

    private static Traffic.TcpBulk bulk(int bytes) {
        return new Traffic.TcpBulk(CLIENT, SERVER, 80, bytes, Duration.ZERO, TCP, Duration.ZERO);
    }

    static Scenario handshake() {
        return pair("handshake", "The three-way handshake",
                "Before any data, TCP synchronises the two sides' sequence numbers (RFC 9293 section 3.5). The client "
                        + "sends a SYN with its initial sequence number; the server answers with a SYN-ACK that "
                        + "acknowledges it and carries its own; the client acknowledges that. Two messages would not "
                        + "do: the server could not know that the client received its sequence number, nor tell a "
                        + "fresh SYN from an old duplicate. The SYNs also carry the options both sides agree on "
                        + "(MSS, window scaling, SACK, timestamps). Then the client sends 1000 bytes and both close.",
                Duration.ofSeconds(5), wire(), bulk(1000));
    }

    static Scenario lostThirdAck() {
        FrameRule thirdAck = FrameRule.drop(FrameRule.Direction.A_TO_B, FrameRule.Match.tcp(TcpHeader.ACK, 0), 1);
        return pair("lost-third-ack", "The third ACK of the handshake is lost",
                "The client's ACK that completes the handshake is dropped. The client is ESTABLISHED at once (it "
                        + "got the SYN-ACK) and starts sending; the server is still in SYN_RECEIVED. Nothing is "
                        + "broken: the client's first data segment carries the same acknowledgment, so it completes "
                        + "the server's handshake too (RFC 9293 section 3.10.7.4). Had the client nothing to send, "
                        + "the server would retransmit its SYN-ACK when its timer ran out, and the client would "
                        + "acknowledge again.",
                Duration.ofSeconds(5), wire().withRules(thirdAck), bulk(1000));
    }

    static Scenario oldDuplicateSyn() {
        FrameRule oldSyn = new FrameRule(FrameRule.Action.OLD_DUPLICATE, FrameRule.Direction.A_TO_B,
                FrameRule.Match.tcp(TcpHeader.SYN, -1), 1, 1, Duration.ofMillis(50), 100_000);
        return pair("old-duplicate-syn", "An old duplicate SYN",
                "Why three messages: an old SYN of an earlier connection between the same ports, delayed in the "
                        + "network, reaches the server before the client's real SYN (RFC 9293 section 3.5, figure "
                        + "9). The server cannot tell, and answers with a SYN-ACK acknowledging the old sequence "
                        + "number. The client, in SYN_SENT, sees an acknowledgment of something it never sent and "
                        + "answers with a RST; the server drops the half-open connection and goes back to LISTEN. "
                        + "Then the real SYN arrives and the handshake completes normally. Here a filter on the link "
                        + "forges the old duplicate and holds the real SYN back by 50 ms; the duplicate is made inside the link, so "
                        + "the diagram draws no arrow for it, only the server's answer to it.",
                Duration.ofSeconds(5), wire().withRules(oldSyn), bulk(1000));
    }

    static Scenario simultaneousOpen() {
        return pair("simultaneous-open", "Simultaneous open",
                "Both sides call connect at the same moment, each to the other's port (RFC 9293 section 3.5, figure "
                        + "8), as two peers behind NATs do when they punch a hole for TCP. Each sends a SYN and, in "
                        + "SYN_SENT, receives the other's SYN: it moves to SYN_RECEIVED and answers with a SYN-ACK. "
                        + "Each SYN-ACK completes the other side's open, so both reach ESTABLISHED with four "
                        + "segments instead of three, and there is one connection, not two. Then alice closes and "
                        + "bob closes when he reads the end.",
                Duration.ofSeconds(5), new Scenario.Link("alice", "bob", WIRE),
                new Traffic.TcpOpenTogether("alice", "bob", TCP, Duration.ZERO));
    }

    static Scenario fourWayClose() {
        return pair("four-way-close", "The four-way close and TIME_WAIT",
                "Each direction of a connection closes on its own (RFC 9293 section 3.6). The client has sent its "
                        + "data and closes: FIN (FIN_WAIT_1); the server acknowledges it (the client is in "
                        + "FIN_WAIT_2, the server in CLOSE_WAIT: it may still send). When the server's application "
                        + "closes too, its FIN (LAST_ACK) is acknowledged by the client, which then waits in "
                        + "TIME_WAIT for twice the maximum segment lifetime, so that a lost last ACK can be sent "
                        + "again and old segments of this connection die out before the ports are reused. The MSL is "
                        + "shortened to 500 ms here (Linux waits 60 s in TIME_WAIT).",
                Duration.ofSeconds(5), wire(), bulk(2000));
    }

    static Scenario simultaneousClose() {
        return pair("simultaneous-close", "Simultaneous close",
                "Both applications close at the same moment, so the two FINs cross on the wire (RFC 9293 section "
                        + "3.6, figure 13). Each side, in FIN_WAIT_1, receives a FIN before the ACK of its own: it "
                        + "goes to CLOSING, and when its FIN is acknowledged, to TIME_WAIT. Both sides wait out "
                        + "TIME_WAIT (2 MSL, 1 s here).",
                Duration.ofSeconds(5), wire(),
                new Traffic.TcpCloseTogether(CLIENT, SERVER, 80, Duration.ofMillis(100), TCP, Duration.ZERO));
    }

    static Scenario slowStart() {
        LinkSpec bottleneck = LinkSpec.ethernet10M().delay(Duration.ofMillis(20)).queuePackets(20);
        return pair("slow-start", "Slow start into congestion avoidance",
                "A new connection does not know the path's capacity, so it starts with a small congestion window "
                        + "and doubles it every round trip: slow start (RFC 5681 section 3.1). Here the path is 10 "
                        + "Mbit/s with 20 ms each way and a queue of 20 frames. When the window outgrows what the "
                        + "path and its queue hold, the queue overflows and frames are lost; the sender halves its "
                        + "window, sets the slow-start threshold there, and from then on grows the window by about "
                        + "one segment per round trip: congestion avoidance. The chart of cwnd and ssthresh shows "
                        + "both phases.",
                Duration.ofSeconds(30), new Scenario.Link(CLIENT, SERVER, bottleneck), bulk(2 * 1024 * 1024));
    }

    static Scenario fastRetransmit() {
        FrameRule lose = FrameRule.drop(FrameRule.Direction.A_TO_B, new FrameRule.Match("tcp", -1, 1), 30);
        return pair("fast-retransmit", "Fast retransmit and fast recovery",
                "The 30th data segment of a transfer is lost. The segments after it still arrive, and the receiver "
                        + "answers each with a duplicate ACK (and SACK blocks saying what did arrive). After three "
                        + "duplicate ACKs the sender resends the missing segment at once, without waiting for its "
                        + "timer: fast retransmit; it halves its window and keeps sending new data while the hole is "
                        + "repaired: fast recovery (RFC 5681 section 3.2, RFC 6582, RFC 6675).",
                Duration.ofSeconds(10), wire().withRules(lose), bulk(200_000));
    }

    static Scenario retransmissionTimeout() {
        FrameRule lose = FrameRule.drop(FrameRule.Direction.A_TO_B, new FrameRule.Match("tcp", -1, 1), 1);
        return pair("rto", "Retransmission timeout",
                "The only data segment of a small request is lost. Nothing follows it, so no duplicate ACKs can "
                        + "tell the sender: only its retransmission timer can. The timeout is computed from the "
                        + "round-trip times measured (RFC 6298: SRTT + 4 RTTVAR, at least 200 ms here as on Linux); "
                        + "when it expires the segment is sent again, the timeout doubles for the next time, and the "
                        + "congestion window falls to one segment.",
                Duration.ofSeconds(10), wire().withRules(lose), bulk(1000));
    }

    static Scenario nagle() {
        Scenario.Link lan = new Scenario.Link(CLIENT, SERVER, LinkSpec.ethernet100M().delay(Duration.ofMillis(1)));
        return pair("nagle", "Nagle's algorithm meets delayed ACK",
                "The client sends each request in two small writes (a header, then a body) and waits for the "
                        + "response. With Nagle's algorithm (RFC 896, on by default) a small segment may not leave "
                        + "while another small one is unacknowledged, so the body waits for the ACK of the header. "
                        + "The server has no response yet (the request is incomplete), so it delays that ACK, here "
                        + "40 ms as Linux does. Each request stalls about 40 ms on a link with a 2 ms round trip. "
                        + "The second connection sets TCP_NODELAY: the body leaves at once and each round takes one "
                        + "round trip.",
                Duration.ofSeconds(5), lan,
                new Traffic.TcpRequests(CLIENT, SERVER, 7, List.of(100, 100), 100, 5, TCP, Duration.ZERO),
                new Traffic.TcpRequests(CLIENT, SERVER, 8, List.of(100, 100), 100, 5, TCP.withNoDelay(true),
                        Duration.ofSeconds(1)));
    }

    static Scenario zeroWindow() {
        TcpSettings small = TCP.withBuffers(TCP.sendBufferBytes(), 10 * 1448); // ten segments of 1448 bytes (1460 less the timestamps)
        return pair("zero-window", "Zero window and persist probes",
                "The server's application does not read for two seconds, and its receive buffer holds only ten segments. "
                        + "The window it announces shrinks with every segment until it is zero: the client must stop "
                        + "(flow control, RFC 9293 section 3.8.6). A window update could be lost, so the client does "
                        + "not just wait: its persist timer sends window probes, further and further apart (RFC 1122 "
                        + "section 4.2.2.17), each answered with the still-zero window. When the application reads, "
                        + "the window opens and the transfer goes on.",
                Duration.ofSeconds(10), wire(),
                new Traffic.TcpBulk(CLIENT, SERVER, 80, 64 * 1024, Duration.ofSeconds(2), small, Duration.ZERO));
    }

    static Scenario fragmentation() {
        List<Scenario.HostSpec> hosts = List.of(
                new Scenario.HostSpec(CLIENT, false, List.of(new Scenario.Interface("10.1.0.2/24", 1500)),
                        "10.1.0.1", List.of()),
                new Scenario.HostSpec("r1", true, List.of(new Scenario.Interface("10.1.0.1/24", 1500),
                        new Scenario.Interface("10.2.0.1/24", 576)), null, List.of()),
                new Scenario.HostSpec(SERVER, false, List.of(new Scenario.Interface("10.2.0.2/24", 576)),
                        "10.2.0.1", List.of()));
        return new Scenario("fragmentation", "IP fragmentation",
                "The client sends UDP datagrams of 3000 bytes. Its own link carries at most 1500 bytes per packet "
                        + "(the MTU), so IPv4 splits each datagram into fragments that share its identification and "
                        + "carry their offset (RFC 791). The router's next link has an MTU of only 576, so it splits "
                        + "the fragments again. Only the server puts them back together (reassembly), and the whole "
                        + "datagram is lost if any fragment is.",
                1, Duration.ofSeconds(5), hosts, List.of(),
                List.of(new Scenario.Link(CLIENT, "r1", LAN), new Scenario.Link("r1", SERVER, LAN)), TCP,
                List.of(new Traffic.UdpBlast(CLIENT, SERVER, 9, 3, 3000, Duration.ofMillis(10), Duration.ZERO)));
    }

    static Scenario traceroute() {
        List<Scenario.HostSpec> hosts = List.of(
                new Scenario.HostSpec(CLIENT, false, List.of(new Scenario.Interface("10.1.0.2/24", 1500)),
                        "10.1.0.1", List.of()),
                new Scenario.HostSpec("r1", true, List.of(new Scenario.Interface("10.1.0.1/24", 1500),
                        new Scenario.Interface("10.9.1.1/30", 1500)), "10.9.1.2", List.of()),
                new Scenario.HostSpec("r2", true, List.of(new Scenario.Interface("10.9.1.2/30", 1500),
                        new Scenario.Interface("10.9.2.1/30", 1500)), null,
                        List.of(new Scenario.Route("10.1.0.0/24", "10.9.1.1"),
                                new Scenario.Route("10.2.0.0/24", "10.9.2.2"))),
                new Scenario.HostSpec("r3", true, List.of(new Scenario.Interface("10.9.2.2/30", 1500),
                        new Scenario.Interface("10.2.0.1/24", 1500)), "10.9.2.1", List.of()),
                new Scenario.HostSpec(SERVER, false, List.of(new Scenario.Interface("10.2.0.2/24", 1500)),
                        "10.2.0.1", List.of()));
        LinkSpec hop = LinkSpec.ethernet100M().delay(Duration.ofMillis(2));
        return new Scenario("traceroute", "Traceroute",
                "Every router decrements a packet's time to live (TTL) and, when it reaches zero, discards the "
                        + "packet and tells the sender with an ICMP time exceeded message from its own address (RFC "
                        + "792). traceroute uses this: it sends echo requests with TTL 1, 2, 3..., so the first "
                        + "router answers the first, the second the second, and so on, until the destination "
                        + "answers with an echo reply. Each answer names one hop of the path and its round-trip "
                        + "time.",
                1, Duration.ofSeconds(10), hosts, List.of(),
                List.of(new Scenario.Link(CLIENT, "r1", hop), new Scenario.Link("r1", "r2", hop),
                        new Scenario.Link("r2", "r3", hop), new Scenario.Link("r3", SERVER, hop)),
                TCP, List.of(new Traffic.Traceroute(CLIENT, SERVER, 30, Duration.ZERO)));
    }

    static Scenario arp() {
        List<Scenario.HostSpec> hosts = List.of(host(CLIENT, "10.0.0.1/24"), host(SERVER, "10.0.0.2/24"),
                host("printer", "10.0.0.3/24"));
        return new Scenario("arp", "ARP resolution",
                "IP addresses do not move frames on an Ethernet; MAC addresses do. Before the client can send its "
                        + "first echo request to 10.0.0.2 it asks everybody on the LAN, in a broadcast, who has that "
                        + "address (RFC 826); the switch floods the request to every port, the printer ignores it, "
                        + "and the server answers to the client alone, having noted the client's address from the "
                        + "request. The first ping waits for that; the later ones go straight out, since the answer "
                        + "is kept in the ARP cache. At the start each host also announces its own address "
                        + "(gratuitous ARP).",
                1, Duration.ofSeconds(5), hosts, List.of(new Scenario.SwitchSpec("sw1")),
                List.of(new Scenario.Link(CLIENT, "sw1", LAN), new Scenario.Link(SERVER, "sw1", LAN),
                        new Scenario.Link("printer", "sw1", LAN)),
                TCP, List.of(new Traffic.Ping(CLIENT, SERVER, 3, Duration.ofMillis(200), 56, Duration.ZERO)));
    }

    static Scenario tcpAndUdp() {
        LinkSpec lossy = LinkSpec.ethernet10M().delay(Duration.ofMillis(10)).loss(0.05);
        return pair("tcp-and-udp", "TCP and UDP side by side on a lossy link",
                "The same link loses 5 % of the frames in each direction. UDP sends 200 datagrams of 1000 bytes "
                        + "and that is all it does: about one in twenty never arrives, and nobody knows but the "
                        + "receiver counting. TCP sends the same 200,000 bytes and delivers every one of them, in "
                        + "order: lost segments are detected by duplicate ACKs or timeouts and sent again, at the "
                        + "cost of time and of a smaller congestion window.",
                Duration.ofSeconds(30), new Scenario.Link(CLIENT, SERVER, lossy),
                new Traffic.UdpBlast(CLIENT, SERVER, 9, 200, 1000, Duration.ofMillis(2), Duration.ZERO),
                bulk(200_000));
    }
}
