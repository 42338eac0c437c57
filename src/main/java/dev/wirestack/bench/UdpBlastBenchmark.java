package dev.wirestack.bench;

import dev.wirestack.ip.SendResult;
import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.udp.UdpSocket;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;

/**
 * How fast the simulator runs whole Wirestack hosts: one host blasts UDP datagrams through a learning switch to
 * another over 1 Gbit/s links, paced at line rate, and the wall-clock time of the run is measured. Every frame is
 * built by the sender's UDP, IPv4 and Ethernet layers, carried by two simulated links and the switch, and parsed,
 * checksummed and delivered to a socket by the receiver. A measurement, never a test assertion.
 */
public final class UdpBlastBenchmark {
    private static final Ipv4Address SINK = Ipv4Address.parse("10.77.0.2");
    private static final int PORT = 9;
    /** Datagrams handed to the sender per scheduled step: below the host's send and transmit queue limits. */
    private static final int BURST = 256;

    /**
     * The outcome of one blast: datagrams delivered to the receiving socket, frames delivered by the simulated links
     * (each datagram crosses two: host to switch, switch to host), and the time it took.
     */
    public record Result(long datagramsSent, long datagramsDelivered, long framesDelivered, Stopwatch.Elapsed elapsed) {
        /** Simulated frames delivered per wall-clock second. */
        public long framesPerSecond() {
            return elapsed.perWallSecond(framesDelivered);
        }

        /** Simulated frames delivered per second of CPU time. */
        public long framesPerCpuSecond() {
            return elapsed.perCpuSecond(framesDelivered);
        }

        public long datagramsPerSecond() {
            return elapsed.perWallSecond(datagramsDelivered);
        }
    }

    private UdpBlastBenchmark() {
    }

    public static Result run(int datagrams, int payloadBytes) {
        if (datagrams < 1 || payloadBytes < 0 || payloadBytes > 1472) {
            throw new IllegalArgumentException("at least one datagram, and a payload of 0 to 1472 bytes");
        }
        LinkSpec gigabit = LinkSpec.ethernet1G().delay(Duration.ofNanos(10_000));
        SimNetwork network = new SimNetwork(1);
        Host blaster = network.addHost(Host.builder("blaster").iface(MacAddress.local(1), "10.77.0.1/24"));
        Host sink = network.addHost(Host.builder("sink").iface(MacAddress.local(2), "10.77.0.2/24"));
        EthernetSwitch lan = network.addSwitch("sw", 2);
        network.link(blaster, 0, lan, 0, gigabit);
        network.link(sink, 0, lan, 1, gigabit);

        long[] delivered = new long[1];
        UdpSocket receiver = sink.openUdp(PORT);
        receiver.onMessage(message -> delivered[0]++);
        UdpSocket sender = blaster.openUdp(0);
        // The sink speaks first, so that ARP has resolved both ways before the blast (ARP holds only 3 packets).
        network.schedule(0, () -> sink.openUdp(PORT + 1).send(Ipv4Address.parse("10.77.0.1"), PORT, new byte[1]));
        byte[] payload = new byte[payloadBytes];
        // One burst per the time the link needs to carry it, so the queues neither starve nor overflow.
        long burstNanos = gigabit.serialisationNanos(14 + 20 + 8 + Math.max(18, payloadBytes)) * BURST;
        int[] sent = new int[1];
        for (int burst = 0; burst * BURST < datagrams; burst++) {
            network.schedule(1_000_000 + burst * burstNanos, () -> {
                for (int i = 0; i < BURST && sent[0] < datagrams; i++) {
                    if (sender.send(SINK, PORT, payload) == SendResult.QUEUED) {
                        sent[0]++;
                    }
                }
            });
        }
        Stopwatch stopwatch = new Stopwatch();
        network.runUntil(1_000_000 + (datagrams / BURST + 2) * burstNanos + Duration.ofSeconds(1).toNanos());
        Stopwatch.Elapsed elapsed = stopwatch.stop();
        long frames = network.links().stream()
                .mapToLong(link -> link.aToB().counters().framesDelivered() + link.bToA().counters().framesDelivered())
                .sum();
        return new Result(sent[0], delivered[0], frames, elapsed);
    }
}
