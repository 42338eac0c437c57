package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario {@code wirestack sim} builds from flags alone: a client (10.0.0.1) and a server (10.0.0.2) on one
 * link with the given properties, and the traffic asked for, one item after the other.
 */
public final class FlagScenario {
    /** The gap between one traffic item's start and the next one's. */
    private static final Duration STAGGER = Duration.ofMillis(500);

    private FlagScenario() {
    }

    /**
     * {@code pings} echo requests (0: none), then a TCP transfer of {@code tcpBytes} (0: none), then {@code udp}
     * datagrams of 1000 bytes (0: none), then an HTTP GET of {@code httpBytes} (0: none); a ping of three when
     * nothing was asked for.
     */
    public static Scenario of(LinkSpec link, TcpSettings tcp, int pings, int tcpBytes, int udp, int httpBytes,
                              long seed, Duration duration) {
        List<Traffic> traffic = new ArrayList<>();
        Duration at = Duration.ZERO;
        if (pings > 0 || (tcpBytes == 0 && udp == 0 && httpBytes == 0)) {
            int count = pings > 0 ? pings : 3;
            traffic.add(new Traffic.Ping("client", "server", count, Duration.ofMillis(200), 56, at));
            at = at.plus(Duration.ofMillis(200).multipliedBy(count)).plus(STAGGER);
        }
        if (tcpBytes > 0) {
            traffic.add(new Traffic.TcpBulk("client", "server", 5001, tcpBytes, Duration.ZERO, tcp, at));
            at = at.plus(STAGGER);
        }
        if (udp > 0) {
            traffic.add(new Traffic.UdpBlast("client", "server", 9, udp, 1000, Duration.ofMillis(1), at));
            at = at.plus(STAGGER);
        }
        if (httpBytes > 0) {
            traffic.add(new Traffic.HttpGet("client", "server", 80, "/", httpBytes, 1, tcp, at));
        }
        List<Scenario.HostSpec> hosts = List.of(
                new Scenario.HostSpec("client", false, List.of(new Scenario.Interface("10.0.0.1/24", 1500)), null,
                        List.of()),
                new Scenario.HostSpec("server", false, List.of(new Scenario.Interface("10.0.0.2/24", 1500)), null,
                        List.of()));
        return new Scenario("flags", "A scenario from the command line",
                "A client and a server on one link: " + ScenarioReport.describe(link) + ".", seed, duration, hosts,
                List.of(), List.of(new Scenario.Link("client", "server", link)), tcp, traffic);
    }
}
