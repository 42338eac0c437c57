package dev.wirestack.scenario;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.report.DemoScenario;
import dev.wirestack.report.TraceRecorder;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostBuilder;
import dev.wirestack.trace.Tracer;
import dev.wirestack.wire.MacAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Builds a {@link Scenario}'s network on virtual time, starts each traffic item at its time, and runs until all of
 * them are done or the duration is spent. Everything random comes from the scenario's seed, so the same scenario
 * and seed give the same trace.
 */
public final class ScenarioRunner {
    /** Trace events kept for the report: plenty for the built-in scenarios, bounded for any file. */
    public static final int MAX_EVENTS = 400_000;
    private static final long STEP = Duration.ofMillis(10).toNanos();

    /** Everything a report needs from a run. */
    public record Result(Scenario scenario, SimNetwork network, List<Host> hosts, TraceRecorder recorder,
                         List<Outcome> outcomes, long endNanos) {
        public Result {
            hosts = List.copyOf(hosts);
            outcomes = List.copyOf(outcomes);
        }

        /** Every traffic item ran to its end within the duration. */
        public boolean completed() {
            return outcomes.stream().allMatch(Outcome::completed);
        }
    }

    private ScenarioRunner() {
    }

    /** Runs {@code scenario}; {@code tracer} also hears every event (for pcap files). */
    public static Result run(Scenario scenario, Tracer tracer, DemoScenario.Progress progress) {
        TraceRecorder recorder = new TraceRecorder(MAX_EVENTS,
                scenario.hosts().stream().map(Scenario.HostSpec::name).collect(Collectors.toSet()));
        SimNetwork network = new SimNetwork(scenario.seed(), recorder.andThen(tracer));
        Map<String, Host> hosts = new LinkedHashMap<>();
        Map<String, NetworkNode> nodes = new HashMap<>();
        int hostNumber = 0;
        for (Scenario.HostSpec spec : scenario.hosts()) {
            hostNumber++;
            HostBuilder builder = describe(spec, hostNumber);
            long seed = network.splitRandom().nextLong();
            Host host = builder.tracer(network.tracer()).random(new SplittableRandom(seed)).frameEvents(false)
                    .build();
            network.add(spec.name(), host);
            hosts.put(spec.name(), host);
            nodes.put(spec.name(), host);
        }
        // A switch gets enough ports for every link end at it, and for the highest port a link names.
        Map<String, Integer> switchPorts = new HashMap<>();
        for (Scenario.Link link : scenario.links()) {
            switchPorts.merge(link.a(), Math.max(1, link.portA() + 1), Integer::sum);
            switchPorts.merge(link.b(), Math.max(1, link.portB() + 1), Integer::sum);
        }
        for (Scenario.SwitchSpec sw : scenario.switches()) {
            nodes.put(sw.name(), network.addSwitch(sw.name(), switchPorts.getOrDefault(sw.name(), 1)));
        }
        link(scenario, network, nodes);

        RunContext context = new RunContext(network, hosts, recorder);
        List<TrafficRun> runs = new ArrayList<>();
        long lastStart = 0;
        for (int i = 0; i < scenario.traffic().size(); i++) {
            Traffic item = scenario.traffic().get(i);
            TrafficRun run = switch (item) {
                case Traffic.Ping p -> new PingRun(p, context);
                case Traffic.Traceroute t -> new TracerouteRun(t, context);
                case Traffic.TcpBulk b -> new BulkRun(b, context, scenario.seed() + i);
                case Traffic.TcpRequests r -> new RequestsRun(r, context);
                case Traffic.TcpCloseTogether c -> new CloseTogetherRun(c, context);
                case Traffic.TcpOpenTogether o -> new OpenTogetherRun(o, context);
                case Traffic.UdpBlast u -> new UdpBlastRun(u, context);
                case Traffic.HttpGet h -> new HttpRun(h, context);
            };
            runs.add(run);
            long at = item.at().toNanos();
            lastStart = Math.max(lastStart, at);
            network.schedule(at, run::start);
        }

        long end = scenario.duration().toNanos();
        progress.update(scenario.name(), 0);
        while (network.now() < end && (network.now() < lastStart || !runs.stream().allMatch(TrafficRun::finished))) {
            network.runUntil(Math.min(end, network.now() + STEP));
            progress.update(scenario.name(), (double) network.now() / end);
        }
        progress.update(scenario.name(), 1);
        return new Result(scenario, network, List.copyOf(hosts.values()),
                recorder, runs.stream().map(TrafficRun::outcome).toList(), network.now());
    }

    /** The host as a builder: interfaces with locally administered MACs 02:00:00:00:HH:II, routes, gateway. */
    private static HostBuilder describe(Scenario.HostSpec spec, int hostNumber) {
        HostBuilder builder = Host.builder(spec.name()).forwarding(spec.router());
        for (int i = 0; i < spec.interfaces().size(); i++) {
            Scenario.Interface iface = spec.interfaces().get(i);
            builder.iface(MacAddress.local(hostNumber << 8 | (i + 1)), iface.cidr(), iface.mtu());
        }
        for (Scenario.Route route : spec.routes()) {
            builder.route(route.destination(), route.via());
        }
        if (spec.gateway() != null) {
            builder.gateway(spec.gateway());
        }
        return builder;
    }

    /**
     * Links the nodes, each port either as given or the node's next free one; a link with frame rules gets a
     * {@link LinkFilter} in its middle (the impairments on the first half, a perfect cable on the second).
     */
    private static void link(Scenario scenario, SimNetwork network, Map<String, NetworkNode> nodes) {
        Map<String, Integer> nextPort = new HashMap<>();
        for (int i = 0; i < scenario.links().size(); i++) {
            Scenario.Link link = scenario.links().get(i);
            int portA = port(nextPort, link.a(), link.portA());
            int portB = port(nextPort, link.b(), link.portB());
            NetworkNode a = nodes.get(link.a());
            NetworkNode b = nodes.get(link.b());
            if (link.rules().isEmpty()) {
                network.link(a, portA, b, portB, link.spec());
            } else {
                String name = "filter-" + link.a() + "-" + link.b();
                LinkFilter filter = network.add(name, new LinkFilter(name, link.rules(), network.tracer()));
                network.link(a, portA, filter, 0, link.spec());
                network.link(filter, 1, b, portB, LinkSpec.ideal());
            }
        }
    }

    private static int port(Map<String, Integer> nextPort, String node, int given) {
        if (given >= 0) {
            nextPort.merge(node, given + 1, Math::max);
            return given;
        }
        return nextPort.merge(node, 1, Integer::sum) - 1;
    }
}
