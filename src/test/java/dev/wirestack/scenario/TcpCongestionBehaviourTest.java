package dev.wirestack.scenario;

import dev.wirestack.report.BulkTransfer;
import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.cc.Cubic;
import dev.wirestack.tcp.cc.NewReno;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpSegment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Congestion control seen from outside, in virtual time: the cwnd a connection traces (TraceEvent.TcpCongestion)
 * and the segments on the wire, against what RFC 5681, RFC 6582 and RFC 9438 say they must be. Losses are scripted
 * with a {@link DroppingRelay} between the client and the path, so each test loses exactly the frames it names.
 */
class TcpCongestionBehaviourTest {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int MIB = 1 << 20;
    /** A long fat path: 1 Gbit/s, 100 ms round trip; buffers far above what the tests' windows reach. */
    private static final LinkSpec LONG_FAT = LinkSpec.ethernet1G().delay(Duration.ofMillis(50));
    private static final long LONG_FAT_RTT = 100 * MS;
    private static final TcpConfig BIG_BUFFERS = TcpConfig.DEFAULT.withBuffers(16 * MIB, 16 * MIB);

    /**
     * The client (10.1.0.2) and the server (10.1.0.3), joined through {@code relay}: an ideal link from the client to
     * the relay's port 0, and {@code path} from its port 1 to the server. Records the client's congestion traces, and
     * from the client's own frames SND.NXT (the highest sequence number sent) and SND.UNA (the highest ACK received),
     * so that FlightSize is known from the wire at each retransmission.
     */
    private static final class Relayed {
        final SimNetwork network;
        final Host client;
        final Host server;
        final DroppingRelay relay;
        final List<TraceEvent.TcpCongestion> congestion = new ArrayList<>();
        final List<TraceEvent.TcpRetransmit> retransmits = new ArrayList<>();
        /** FlightSize (SND.NXT - SND.UNA, from the wire) when each retransmission was decided. */
        final List<Long> flightAtRetransmit = new ArrayList<>();
        private SeqNum sndNxt;
        private SeqNum sndUna;

        Relayed(LinkSpec path, DroppingRelay relay) {
            this.relay = relay;
            network = new SimNetwork(1, this::observe);
            client = network.addHost(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24"));
            server = network.addHost(Host.builder("server").iface(MacAddress.local(3), "10.1.0.3/24"));
            network.add("relay", relay);
            network.link(client, 0, relay, 0, LinkSpec.ideal());
            network.link(relay, 1, server, 0, path);
        }

        private void observe(TraceEvent event) {
            switch (event) {
                case TraceEvent.TcpCongestion c when c.node().equals("client") -> congestion.add(c);
                case TraceEvent.TcpRetransmit r when r.node().equals("client") -> {
                    retransmits.add(r);
                    flightAtRetransmit.add((long) sndNxt.minus(sndUna));
                }
                case TraceEvent.FrameSent sent when sent.node().equals("client") && Decoded.isTcpData(sent.frame()) -> {
                    TcpSegment segment = Decoded.tcp(sent.frame());
                    SeqNum end = segment.header().sequenceNumber().plus((int) segment.payload().byteSize());
                    sndNxt = sndNxt == null || end.gt(sndNxt) ? end : sndNxt;
                }
                case TraceEvent.FrameReceived received when received.node().equals("client")
                        && Decoded.isTcp(received.frame()) -> {
                    SeqNum ack = Decoded.tcp(received.frame()).header().acknowledgmentNumber();
                    sndUna = sndUna == null || ack.gt(sndUna) ? ack : sndUna;
                }
                default -> {
                }
            }
        }

        BulkTransfer transfer(int size, TcpConfig config) {
            return new BulkTransfer(client, server, TcpLan.SERVER, 5001, size, 1, config, network::now);
        }

        /** The client's cwnd as traced last at or before {@code time}. */
        long cwndAt(long time) {
            long cwnd = 0;
            for (TraceEvent.TcpCongestion c : congestion) {
                if (c.timeNanos() > time) {
                    break;
                }
                cwnd = c.cwnd();
            }
            return cwnd;
        }

        /** The first congestion trace at or after {@code time}. */
        TraceEvent.TcpCongestion congestionFrom(long time) {
            return congestion.stream().filter(c -> c.timeNanos() >= time).findFirst().orElseThrow();
        }
    }

    @Test
    void noLoss_afterSlowStart_goodputIsAtLeast95PercentOfTheBottleneckRate() {
        // 100 Mbit/s, 20 ms round trip (a BDP of 250 kB); 1 MiB windows keep the queue from overflowing: no loss.
        // Untraced, for speed: cwnd and the bytes read are sampled every 10 ms.
        long rate = 100_000_000L;
        long rtt = 20 * MS;
        long tick = 10 * MS;
        TcpLan lan = new TcpLan(1, LinkSpec.ethernet100M().delay(Duration.ofNanos(rtt / 2)));
        BulkTransfer transfer = new BulkTransfer(lan.client, lan.server, TcpLan.SERVER, 5001, 8 * MIB, 1,
                TcpConfig.DEFAULT.withBuffers(MIB, MIB), lan.network::now);
        int ticks = 200;
        long[] received = new long[ticks];
        long[] cwnd = new long[ticks];
        for (int i = 0; i < ticks; i++) {
            int at = i;
            lan.network.schedule(i * tick, () -> {
                received[at] = transfer.receivedBytes();
                cwnd[at] = transfer.client().cwnd();
            });
        }
        lan.network.runFor(Duration.ofSeconds(10));
        assertThat(transfer.serverSawEnd()).isTrue();
        assertThat(transfer.receivedSha256()).isEqualTo(transfer.expectedSha256());
        assertThat(lan.link.aToB().counters().dropped(DropReason.QUEUE_FULL)).isZero();

        // Slow start has done its work once cwnd covers the bandwidth-delay product and that window has reached the
        // receiver, a round trip later: measure from then to the last byte.
        long bdp = rate / 8 * rtt / SECOND;
        int windowFull = 0;
        while (cwnd[windowFull] < bdp) {
            windowFull++;
        }
        int from = windowFull + (int) (rtt / tick);
        double goodput = (transfer.receivedBytes() - received[from]) * 8.0 * SECOND
                / (transfer.serverSawEndAt() - from * tick);
        // With timestamps a 1514-byte frame carries 1448 bytes: 95.6% is the most a 1500-byte MTU allows.
        assertThat(goodput / rate).as("goodput %.0f bit/s from %d ms", goodput, from * 10)
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void slowStart_cwndDoublesEveryRoundTrip() {
        Relayed net = new Relayed(LONG_FAT, new DroppingRelay((now, port, frame) -> false));
        BulkTransfer transfer = net.transfer(8 * MIB, BIG_BUFFERS);
        net.network.runFor(Duration.ofSeconds(1));

        // The first flight leaves when the handshake completes; each round trip later its ACKs are all back.
        long start = transfer.establishedAt();
        List<Long> perRound = new ArrayList<>();
        for (int round = 0; round <= 6; round++) {
            perRound.add(net.cwndAt(start + round * LONG_FAT_RTT + LONG_FAT_RTT / 2));
        }
        long lastSample = start + 6 * LONG_FAT_RTT + LONG_FAT_RTT / 2;
        assertThat(net.retransmits).filteredOn(r -> r.timeNanos() <= lastSample).isEmpty();
        assertThat(perRound.getFirst()).isEqualTo(10 * 1448L); // RFC 6928: IW = 10 segments (MSS less timestamps)
        for (int round = 1; round < perRound.size(); round++) {
            assertThat((double) perRound.get(round) / perRound.get(round - 1)).as("round %d of %s", round, perRound)
                    .isCloseTo(2.0, within(0.1));
        }
    }

    @Test
    void threeDuplicateAcks_fastRetransmit_halveTheWindow_newReno() {
        Relayed net = new Relayed(LONG_FAT, DroppingRelay.nthDataSegment(0, 100));
        BulkTransfer transfer = net.transfer(4 * MIB, BIG_BUFFERS.withCongestionControl(NewReno::new));
        net.network.runFor(Duration.ofSeconds(5));
        assertThat(transfer.serverSawEnd()).isTrue();
        assertThat(transfer.receivedSha256()).isEqualTo(transfer.expectedSha256());
        assertThat(net.relay.dropped()).isOne();

        // One loss, repaired by one fast retransmission (no timeout).
        assertThat(net.retransmits).hasSize(1);
        TraceEvent.TcpRetransmit retransmit = net.retransmits.getFirst();
        assertThat(retransmit.fast()).isTrue();
        long flight = net.flightAtRetransmit.getFirst();
        TraceEvent.TcpCongestion after = net.congestionFrom(retransmit.timeNanos());
        long before = net.cwndAt(retransmit.timeNanos() - 1);
        // RFC 5681 section 3.2 step 2 (equation 4): ssthresh = max(FlightSize / 2, 2 SMSS); cwnd = ssthresh (SACK
        // recovery, RFC 6675 section 5, inflates nothing).
        assertThat(after.timeNanos()).isEqualTo(retransmit.timeNanos());
        assertThat(after.ssthresh()).isEqualTo(flight / 2);
        assertThat(after.cwnd()).isEqualTo(after.ssthresh());
        // After recovery, congestion avoidance: one SMSS more per round trip (RFC 5681 section 3.1), not doubling.
        long t = after.timeNanos() + 5 * LONG_FAT_RTT;
        long grown = net.cwndAt(t + 10 * LONG_FAT_RTT) - net.cwndAt(t);
        assertThat(grown).isBetween(9 * 1448L, 11 * 1448L);
    }

    @Test
    void retransmissionTimeout_restartsSlowStart_fromOneSegment() {
        // Everything the client sends from 0.45 s to 1.2 s is lost: no duplicate ACKs can come, only the RTO helps.
        Relayed net = new Relayed(LONG_FAT, DroppingRelay.blackout(0, 450 * MS, 1200 * MS));
        BulkTransfer transfer = net.transfer(4 * MIB, BIG_BUFFERS);
        net.network.runFor(Duration.ofSeconds(20));
        assertThat(transfer.serverSawEnd()).isTrue();
        assertThat(transfer.receivedSha256()).isEqualTo(transfer.expectedSha256());

        TraceEvent.TcpRetransmit rto = net.retransmits.getFirst();
        assertThat(rto.fast()).isFalse();
        int smss = rto.length();
        long flight = net.flightAtRetransmit.getFirst();
        TraceEvent.TcpCongestion after = net.congestionFrom(rto.timeNanos());
        // RFC 5681 section 3.1: after a timeout cwnd = LW = 1 SMSS, ssthresh = max(FlightSize / 2, 2 SMSS).
        assertThat(after.cwnd()).isEqualTo(smss);
        assertThat(after.ssthresh()).isEqualTo(Math.max(flight / 2, 2L * smss));
        // Then slow start again: ssthresh is reached in a logarithmic number of round trips after the blackout (it
        // would take ssthresh / SMSS round trips, over a hundred, growing by one segment each).
        // With RFC 3465's L = 1 SMSS after a timeout and an ACK for every second segment, cwnd grows by half each
        // round trip: ssthresh / SMSS segments take log1.5 of that many rounds (congestion avoidance would take
        // ssthresh / SMSS rounds).
        long ssthresh = after.ssthresh();
        long resumed = net.retransmits.stream().filter(r -> r.timeNanos() >= 1200 * MS).findFirst().orElseThrow()
                .timeNanos();
        long reached = net.congestion.stream().filter(c -> c.timeNanos() > resumed && c.cwnd() >= ssthresh)
                .findFirst().orElseThrow().timeNanos();
        double rounds = (double) (reached - resumed) / LONG_FAT_RTT;
        double slowStartRounds = Math.log((double) ssthresh / smss) / Math.log(1.5);
        assertThat(rounds).isLessThanOrEqualTo(slowStartRounds + 2);
    }

    @Test
    void cubic_afterALoss_theWindowFollowsTheCubicCurve_rfc9438_4_2() {
        Cubic[] controller = new Cubic[1];
        Relayed net = new Relayed(LONG_FAT, DroppingRelay.nthDataSegment(0, 100));
        BulkTransfer transfer = net.transfer(64 * MIB, BIG_BUFFERS.withCongestionControl((now, mss) -> {
            controller[0] = new Cubic(now, mss);
            return controller[0];
        }));
        net.network.runFor(Duration.ofSeconds(12));
        assertThat(net.retransmits).hasSize(1);
        int smss = controller[0].mss();

        // W_max: the window when the loss was detected; the epoch starts with the first growth after recovery.
        TraceEvent.TcpRetransmit loss = net.retransmits.getFirst();
        double wMax = (double) net.cwndAt(loss.timeNanos() - 1) / smss;
        // The epoch begins with the first ACK that finds cwnd at or above ssthresh once recovery is over (after
        // recovery a little slow start may be left to do): cwnd_epoch is the window that ACK found.
        int first = net.congestion.indexOf(net.congestionFrom(loss.timeNanos()));
        int epochIndex = first + 1;
        while (net.congestion.get(epochIndex - 1).cwnd() < net.congestion.get(epochIndex - 1).ssthresh()
                || net.congestion.get(epochIndex).cwnd() <= net.congestion.get(epochIndex - 1).cwnd()) {
            epochIndex++;
        }
        TraceEvent.TcpCongestion epoch = net.congestion.get(epochIndex);
        double cwndEpoch = (double) net.congestion.get(epochIndex - 1).cwnd() / smss;
        double k = Math.cbrt((wMax - cwndEpoch) / Cubic.C); // RFC 9438 equation 2
        assertThat(controller[0].wMax()).isCloseTo(wMax, within(0.01));
        assertThat(controller[0].k()).isCloseTo(k, within(0.01));

        double worst = 0;
        for (TraceEvent.TcpCongestion c : net.congestion) {
            double t = (c.timeNanos() - epoch.timeNanos()) / 1e9;
            if (t < 0 || t > 2 * k) {
                continue;
            }
            double w = (double) c.cwnd() / smss;
            double curve = Cubic.C * Math.pow(t - k, 3) + wMax; // RFC 9438 equation 1
            worst = Math.max(worst, Math.abs(w - curve) / curve);
        }
        assertThat(worst).isLessThan(0.05);
    }

    @Test
    void twoFlowsSharingA10MbitBottleneck_jainFairnessIndexAtLeast0_9() {
        SimNetwork network = new SimNetwork(2);
        Host[] clients = {
                network.addHost(Host.builder("c1").iface(MacAddress.local(11), "10.1.0.11/24").gateway("10.1.0.1")),
                network.addHost(Host.builder("c2").iface(MacAddress.local(12), "10.1.0.12/24").gateway("10.1.0.1"))};
        Host router = network.addHost(Host.builder("router").forwarding(true)
                .iface(MacAddress.local(1), "10.1.0.1/24").iface(MacAddress.local(0x201), "10.2.0.1/24"));
        Host server = network.addHost(Host.builder("server").iface(MacAddress.local(0x202), "10.2.0.2/24")
                .gateway("10.2.0.1"));
        EthernetSwitch lan = network.addSwitch("sw", 3);
        LinkSpec access = LinkSpec.ethernet100M().delay(Duration.ofMillis(1));
        network.link(clients[0], 0, lan, 0, access);
        network.link(clients[1], 0, lan, 1, access);
        network.link(router, 0, lan, 2, access);
        // The bottleneck: 10 Mbit/s, 10 ms, a drop-tail queue of 50 frames at the router (about one BDP).
        LinkSpec bottleneck = LinkSpec.ethernet10M().delay(Duration.ofMillis(10)).queuePackets(50);
        network.link(router, 1, server, 0, bottleneck);

        Ipv4Address serverAddress = Ipv4Address.parse("10.2.0.2");
        BulkTransfer[] flows = new BulkTransfer[2];
        flows[0] = new BulkTransfer(clients[0], server, serverAddress, 5001, 64 * MIB, 1, TcpConfig.DEFAULT,
                network::now);
        network.schedule(2 * SECOND, () -> flows[1] = new BulkTransfer(clients[1], server, serverAddress, 5002,
                64 * MIB, 2, TcpConfig.DEFAULT, network::now));
        long[] atStart = new long[2];
        network.schedule(10 * SECOND, () -> {
            atStart[0] = flows[0].receivedBytes();
            atStart[1] = flows[1].receivedBytes();
        });
        network.runUntil(40 * SECOND);

        double x1 = flows[0].receivedBytes() - atStart[0];
        double x2 = flows[1].receivedBytes() - atStart[1];
        double jain = (x1 + x2) * (x1 + x2) / (2 * (x1 * x1 + x2 * x2));
        double utilisation = (x1 + x2) * 8 / 30 / 10_000_000;
        assertThat(jain).isGreaterThanOrEqualTo(0.9);
        assertThat(utilisation).isGreaterThan(0.85);
    }
}
