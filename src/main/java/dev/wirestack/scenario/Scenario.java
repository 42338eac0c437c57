package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A simulated network and what runs in it, as {@code wirestack sim} takes it from a file, from flags or from the
 * built-in learning scenarios: hosts (and routers), switches, links with their impairments, TCP settings, traffic, a
 * seed and a duration. Immutable and validated: names are unique and every link and traffic item names nodes that
 * exist, so the runner never meets a dangling name.
 *
 * @param name        a short name (the built-in ones are listed by {@code wirestack sim --list})
 * @param title       one line
 * @param explanation one paragraph, shown at the top of the report
 * @param duration    the longest the simulation runs in virtual time; it ends earlier once all traffic is done
 */
public record Scenario(String name, String title, String explanation, long seed, Duration duration,
                       List<HostSpec> hosts, List<SwitchSpec> switches, List<Link> links, TcpSettings tcp,
                       List<Traffic> traffic) {

    /** A host, or with {@code router} a host that forwards; interface {@code i} is port {@code i}. */
    public record HostSpec(String name, boolean router, List<Interface> interfaces, String gateway,
                           List<Route> routes) {
        public HostSpec {
            interfaces = List.copyOf(interfaces);
            routes = List.copyOf(routes);
            if (interfaces.isEmpty()) {
                throw new IllegalArgumentException("host " + name + " needs at least one interface");
            }
        }
    }

    /** An interface: its address with prefix length ({@code 10.0.0.1/24}) and its MTU. */
    public record Interface(String cidr, int mtu) {
    }

    /** A static route: {@code destination} (CIDR) via the gateway {@code via}. */
    public record Route(String destination, String via) {
    }

    /** A learning switch; its ports are numbered in the order links reach it. */
    public record SwitchSpec(String name) {
    }

    /**
     * A cable between two node ports, the same in both directions. {@code portA} or {@code portB} of -1 takes the
     * node's next port not yet linked (a host's next interface, a switch's next port). {@code rules} act on single
     * frames (drop the third ACK, hold a SYN back) in a filter placed on the link.
     */
    public record Link(String a, int portA, String b, int portB, LinkSpec spec, List<FrameRule> rules) {
        public Link {
            rules = List.copyOf(rules);
        }

        public Link(String a, String b, LinkSpec spec) {
            this(a, -1, b, -1, spec, List.of());
        }

        public Link withRules(FrameRule... more) {
            List<FrameRule> all = new ArrayList<>(rules);
            all.addAll(List.of(more));
            return new Link(a, portA, b, portB, spec, all);
        }
    }

    public Scenario {
        hosts = List.copyOf(hosts);
        switches = List.copyOf(switches);
        links = List.copyOf(links);
        traffic = List.copyOf(traffic);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("the duration must be positive: " + duration);
        }
        Set<String> nodes = new HashSet<>();
        for (HostSpec host : hosts) {
            requireNew(nodes, host.name());
        }
        for (SwitchSpec sw : switches) {
            requireNew(nodes, sw.name());
        }
        for (Link link : links) {
            requireNode(nodes, link.a());
            requireNode(nodes, link.b());
        }
        Set<String> hostNames = new HashSet<>();
        hosts.forEach(h -> hostNames.add(h.name()));
        for (Traffic item : traffic) {
            for (String end : item.hosts()) {
                if (!hostNames.contains(end)) {
                    throw new IllegalArgumentException("traffic " + item.label() + " names no host: " + end);
                }
            }
        }
    }

    private static void requireNew(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("two nodes are named " + name);
        }
    }

    private static void requireNode(Set<String> names, String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException("a link names no node: " + name);
        }
    }

    /** The hosts that are not routers, in the order given: the lanes of the sequence diagram. */
    public List<String> endHosts() {
        return hosts.stream().filter(h -> !h.router()).map(HostSpec::name).toList();
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, title, explanation, newSeed, duration, hosts, switches, links, tcp, traffic);
    }

    public Scenario withDuration(Duration newDuration) {
        return new Scenario(name, title, explanation, seed, newDuration, hosts, switches, links, tcp, traffic);
    }
}
