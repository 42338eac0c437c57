package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;
import dev.wirestack.wire.TcpHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a scenario from YAML. Every field is checked where it is read, so a bad file fails with one line that names
 * the file, the line and the field ({@link ScenarioFileException}). The format, by example:
 *
 * <pre>{@code
 * name: lossy-wan
 * seed: 7
 * duration: 30s
 * tcp: {congestion: cubic, sack: true, timestamps: true, window-scaling: true, nodelay: false, mss: 1460}
 * hosts:
 *   - {name: client, address: 10.1.0.2/24, gateway: 10.1.0.1}
 *   - {name: r1, router: true, interfaces: [10.1.0.1/24, 10.2.0.1/24]}
 *   - {name: server, address: 10.2.0.2/24, gateway: 10.2.0.1}
 * switches: [sw1]
 * links:
 *   - {between: [client, sw1], bandwidth: 100Mbit, delay: 50us}
 *   - {between: [sw1, r1]}
 *   - between: [r1, server]
 *     bandwidth: 10Mbit
 *     delay: 10ms
 *     loss: 0.01
 *     queue: 50
 *     rules: [{action: drop, direction: forward, match: {protocol: tcp, flags: ACK, data: false}, nth: 1}]
 * traffic:
 *   - ping: {from: client, to: server, count: 3}
 *   - tcp: {from: client, to: server, port: 5001, bytes: 1MiB, at: 1s}
 *   - udp: {from: client, to: server, port: 9, datagrams: 100, size: 1000, interval: 1ms}
 *   - http: {client: client, server: server, path: /file, bytes: 1MiB, requests: 3, at: 2s}
 * }</pre>
 *
 * Link endpoints are {@code node} (its next unlinked port or interface) or {@code node:port}. Traffic kinds: ping,
 * traceroute, tcp, udp, requests (small writes and responses, for Nagle), close-together, open-together and http (GETs
 * of a generated body on one keep-alive connection).
 */
public final class ScenarioReader {
    /** Files are small; a bound keeps a hostile one from costing memory. */
    private static final int MAX_CODE_POINTS = 1 << 20;
    private static final Set<String> TOP = Set.of("name", "title", "explanation", "seed", "duration", "tcp", "hosts",
            "switches", "links", "traffic");
    private static final Set<String> TCP = Set.of("congestion", "sack", "timestamps", "window-scaling", "nodelay",
            "mss", "msl", "delayed-ack", "send-buffer", "receive-buffer");
    private static final Set<String> HOST = Set.of("name", "router", "address", "mtu", "interfaces", "gateway",
            "routes");
    private static final Set<String> LINK = Set.of("between", "bandwidth", "delay", "loss", "duplication",
            "corruption", "reordering", "queue", "rules");
    private static final Set<String> RULE = Set.of("action", "direction", "match", "nth", "count", "delay",
            "seq-offset");
    private static final Set<String> TRAFFIC_KINDS = Set.of("ping", "traceroute", "tcp", "udp", "requests",
            "close-together", "open-together", "http");

    private final String file;
    private final Set<String> nodeNames = new HashSet<>();
    private final Set<String> hostNames = new HashSet<>();
    private TcpSettings tcpDefaults = TcpSettings.DEFAULT;

    private ScenarioReader(String file) {
        this.file = file;
    }

    /** Reads the scenario in {@code text}; {@code file} names it in error messages. */
    public static Scenario read(String file, String text) {
        return new ScenarioReader(file).scenario(text);
    }

    /** The kinds of quantity a flag may give, written as in a file. */
    public enum Quantity { DURATION, BANDWIDTH, BYTES }

    /**
     * Reads a quantity given on the command line as a file would give it ({@code 10ms}, {@code 10Mbit},
     * {@code 64KiB}): nanoseconds, bits per second or bytes.
     *
     * @throws IllegalArgumentException naming {@code option} when the text is not such a quantity
     */
    public static long quantity(String option, String text, Quantity kind) {
        try {
            return switch (kind) {
                case DURATION -> Units.duration(text).toNanos();
                case BANDWIDTH -> Units.bitsPerSecond(text);
                case BYTES -> Units.bytes(text);
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private Scenario scenario(String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).setCodePointLimit(MAX_CODE_POINTS)
                .setMaxAliasesForCollections(10).build();
        Optional<Node> document;
        try {
            document = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(mark -> mark.getLine() + 1).orElse(0);
            throw new ScenarioFileException(file, line, "", "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ScenarioFileException(file, 0, "", "not valid YAML: " + e.getMessage());
        }
        YamlNode root = new YamlNode(file, "", document.orElseThrow(() ->
                new ScenarioFileException(file, 0, "", "the file is empty")));
        Map<String, YamlNode> top = root.fields(TOP);
        root.require(top, "hosts", "links", "traffic");
        String name = top.containsKey("name") ? top.get("name").name() : file.replaceAll("\\.ya?ml$", "");
        long seed = top.containsKey("seed") ? top.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE) : 1;
        Duration duration = top.containsKey("duration") ? positive(top.get("duration")) : Duration.ofSeconds(60);
        if (top.containsKey("tcp")) {
            tcpDefaults = tcp(top.get("tcp"), TcpSettings.DEFAULT);
        }
        List<Scenario.HostSpec> hosts = top.get("hosts").items().stream().map(this::host).toList();
        List<Scenario.SwitchSpec> switches = top.containsKey("switches")
                ? top.get("switches").items().stream().map(this::switchSpec).toList() : List.of();
        List<Scenario.Link> links = top.get("links").items().stream().map(this::link).toList();
        List<Traffic> traffic = top.get("traffic").items().stream().map(this::traffic).toList();
        String title = top.containsKey("title") ? top.get("title").text() : name;
        String explanation = top.containsKey("explanation") ? top.get("explanation").text().strip() : "";
        return new Scenario(name, title, explanation, seed, duration, hosts, switches, links, tcpDefaults, traffic);
    }

    private static Duration positive(YamlNode node) {
        Duration duration = node.duration();
        if (duration.isZero()) {
            throw node.error("must be longer than 0");
        }
        return duration;
    }

    private TcpSettings tcp(YamlNode node, TcpSettings base) {
        Map<String, YamlNode> f = node.fields(TCP);
        TcpSettings tcp = base;
        if (f.containsKey("congestion")) {
            tcp = tcp.withCongestion(TcpSettings.Congestion.valueOf(f.get("congestion")
                    .choice(Set.of("newreno", "cubic")).toUpperCase(java.util.Locale.ROOT)));
        }
        tcp = tcp.withOptions(flag(f, "sack", tcp.sack()), flag(f, "timestamps", tcp.timestamps()),
                flag(f, "window-scaling", tcp.windowScaling())).withNoDelay(flag(f, "nodelay", tcp.noDelay()));
        if (f.containsKey("mss")) {
            tcp = tcp.withMss(f.get("mss").integer(64, 65495));
        }
        if (f.containsKey("msl")) {
            tcp = tcp.withMsl(positive(f.get("msl")));
        }
        if (f.containsKey("delayed-ack")) {
            tcp = tcp.withDelayedAck(positive(f.get("delayed-ack")));
        }
        int send = f.containsKey("send-buffer") ? (int) f.get("send-buffer").bytes(1, 1 << 30) : tcp.sendBufferBytes();
        int receive = f.containsKey("receive-buffer") ? (int) f.get("receive-buffer").bytes(1, 1 << 30)
                : tcp.receiveBufferBytes();
        return tcp.withBuffers(send, receive);
    }

    private static boolean flag(Map<String, YamlNode> fields, String name, boolean otherwise) {
        return fields.containsKey(name) ? fields.get(name).bool() : otherwise;
    }

    private Scenario.HostSpec host(YamlNode node) {
        Map<String, YamlNode> f = node.fields(HOST);
        node.require(f, "name");
        String name = newNode(f.get("name"));
        hostNames.add(name);
        boolean router = f.containsKey("router") && f.get("router").bool();
        List<Scenario.Interface> interfaces = new ArrayList<>();
        if (f.containsKey("address") == f.containsKey("interfaces")) {
            throw node.error("give either address (one interface) or interfaces");
        }
        if (f.containsKey("address")) {
            int mtu = f.containsKey("mtu") ? f.get("mtu").integer(68, 65535) : 1500;
            interfaces.add(new Scenario.Interface(cidr(f.get("address")), mtu));
        } else {
            for (YamlNode item : f.get("interfaces").items()) {
                interfaces.add(iface(item));
            }
        }
        List<Scenario.Route> routes = new ArrayList<>();
        if (f.containsKey("routes")) {
            for (YamlNode item : f.get("routes").items()) {
                Map<String, YamlNode> r = item.fields(Set.of("to", "via"));
                item.require(r, "to", "via");
                routes.add(new Scenario.Route(cidr(r.get("to")), gateway(r.get("via"), interfaces)));
            }
        }
        String gateway = f.containsKey("gateway") ? gateway(f.get("gateway"), interfaces) : null;
        return new Scenario.HostSpec(name, router, interfaces, gateway, routes);
    }

    private static Scenario.Interface iface(YamlNode node) {
        if (node.isScalar()) {
            return new Scenario.Interface(cidr(node), 1500);
        }
        Map<String, YamlNode> f = node.fields(Set.of("address", "mtu"));
        node.require(f, "address");
        return new Scenario.Interface(cidr(f.get("address")), f.containsKey("mtu") ? f.get("mtu").integer(68, 65535)
                : 1500);
    }

    private static String cidr(YamlNode node) {
        try {
            Ipv4Cidr.parse(node.name());
            return node.name();
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /** A gateway must be on the subnet of one of the host's interfaces: the one that reaches it. */
    private static String gateway(YamlNode node, List<Scenario.Interface> interfaces) {
        Ipv4Address address;
        try {
            address = Ipv4Address.parse(node.name());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        if (interfaces.stream().noneMatch(i -> Ipv4Cidr.parse(i.cidr()).contains(address))) {
            throw node.error(address + " is on none of the host's subnets");
        }
        return node.name();
    }

    private Scenario.SwitchSpec switchSpec(YamlNode node) {
        if (node.isScalar()) {
            return new Scenario.SwitchSpec(newNode(node));
        }
        Map<String, YamlNode> f = node.fields(Set.of("name"));
        node.require(f, "name");
        return new Scenario.SwitchSpec(newNode(f.get("name")));
    }

    private String newNode(YamlNode node) {
        String name = node.name();
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw node.error("'" + name + "' is not a name (letters, digits, '.', '_', '-')");
        }
        if (!nodeNames.add(name)) {
            throw node.error("there is already a node named " + name);
        }
        return name;
    }

    private Scenario.Link link(YamlNode node) {
        Map<String, YamlNode> f = node.fields(LINK);
        node.require(f, "between");
        List<YamlNode> ends = f.get("between").items();
        if (ends.size() != 2) {
            throw f.get("between").error("a link is between two nodes: [a, b]");
        }
        String[] a = endpoint(ends.get(0));
        String[] b = endpoint(ends.get(1));
        LinkSpec spec = LinkSpec.ideal();
        if (f.containsKey("bandwidth")) {
            spec = spec.bandwidth(f.get("bandwidth").bitsPerSecond());
        }
        if (f.containsKey("delay")) {
            spec = spec.delay(f.get("delay").duration());
        }
        if (f.containsKey("loss")) {
            spec = spec.loss(f.get("loss").probability());
        }
        if (f.containsKey("duplication")) {
            spec = spec.duplicate(f.get("duplication").probability());
        }
        if (f.containsKey("corruption")) {
            spec = spec.corrupt(f.get("corruption").probability());
        }
        if (f.containsKey("reordering")) {
            YamlNode reordering = f.get("reordering");
            if (reordering.isScalar()) {
                spec = spec.reorder(reordering.probability(), Duration.ofMillis(1));
            } else {
                Map<String, YamlNode> r = reordering.fields(Set.of("probability", "delay"));
                reordering.require(r, "probability");
                spec = spec.reorder(r.get("probability").probability(),
                        r.containsKey("delay") ? r.get("delay").duration() : Duration.ofMillis(1));
            }
        }
        if (f.containsKey("queue")) {
            spec = spec.queuePackets(f.get("queue").integer(0, 1_000_000));
        }
        List<FrameRule> rules = f.containsKey("rules") ? f.get("rules").items().stream().map(ScenarioReader::rule)
                .toList() : List.of();
        return new Scenario.Link(a[0], Integer.parseInt(a[1]), b[0], Integer.parseInt(b[1]), spec, rules);
    }

    /** {@code node} or {@code node:port}, as {name, port or -1}. */
    private String[] endpoint(YamlNode node) {
        String text = node.name();
        int colon = text.lastIndexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String port = "-1";
        if (colon >= 0) {
            port = text.substring(colon + 1);
            if (!port.matches("[0-9]{1,3}")) {
                throw node.error("'" + port + "' is not a port number");
            }
        }
        if (!nodeNames.contains(name)) {
            throw node.error("no host or switch is named " + name);
        }
        return new String[] {name, port};
    }

    private static FrameRule rule(YamlNode node) {
        Map<String, YamlNode> f = node.fields(RULE);
        node.require(f, "action");
        FrameRule.Action action = switch (f.get("action").choice(Set.of("drop", "delay", "old-duplicate"))) {
            case "drop" -> FrameRule.Action.DROP;
            case "delay" -> FrameRule.Action.DELAY;
            default -> FrameRule.Action.OLD_DUPLICATE;
        };
        FrameRule.Direction direction = !f.containsKey("direction") ? FrameRule.Direction.BOTH
                : switch (f.get("direction").choice(Set.of("forward", "back", "both"))) {
                    case "forward" -> FrameRule.Direction.A_TO_B;
                    case "back" -> FrameRule.Direction.B_TO_A;
                    default -> FrameRule.Direction.BOTH;
                };
        FrameRule.Match match = f.containsKey("match") ? match(f.get("match")) : FrameRule.Match.ANY;
        int nth = f.containsKey("nth") ? f.get("nth").integer(1, Integer.MAX_VALUE) : 1;
        int count = f.containsKey("count") ? f.get("count").integer(1, Integer.MAX_VALUE) : 1;
        Duration delay = f.containsKey("delay") ? f.get("delay").duration() : Duration.ZERO;
        if (action != FrameRule.Action.DROP && !f.containsKey("delay")) {
            throw node.error("a " + f.get("action").text() + " rule needs a delay");
        }
        long offset = 0;
        if (action == FrameRule.Action.OLD_DUPLICATE) {
            offset = f.containsKey("seq-offset") ? f.get("seq-offset").integer(1L, 0xffff_ffffL) : 100_000;
        } else if (f.containsKey("seq-offset")) {
            throw f.get("seq-offset").error("only an old-duplicate rule has a sequence offset");
        }
        return new FrameRule(action, direction, match, nth, count, delay, offset);
    }

    private static FrameRule.Match match(YamlNode node) {
        Map<String, YamlNode> f = node.fields(Set.of("protocol", "flags", "data"));
        String protocol = f.containsKey("protocol") ? f.get("protocol").choice(Set.of("tcp", "udp", "icmp", "arp",
                "any")) : "any";
        int flags = -1;
        if (f.containsKey("flags")) {
            flags = 0;
            for (String flag : f.get("flags").name().split("[+,| ]+")) {
                flags |= switch (flag.toUpperCase(java.util.Locale.ROOT)) {
                    case "SYN" -> TcpHeader.SYN;
                    case "ACK" -> TcpHeader.ACK;
                    case "FIN" -> TcpHeader.FIN;
                    case "RST" -> TcpHeader.RST;
                    default -> throw f.get("flags").error("'" + flag + "' is not SYN, ACK, FIN or RST");
                };
            }
        }
        int data = f.containsKey("data") ? (f.get("data").bool() ? 1 : 0) : -1;
        return new FrameRule.Match(protocol, flags, data);
    }

    private Traffic traffic(YamlNode node) {
        Map<String, YamlNode> kind = node.fields(TRAFFIC_KINDS);
        if (kind.size() != 1) {
            throw node.error("each traffic item is one of " + String.join(", ", TRAFFIC_KINDS.stream().sorted()
                    .toList()) + ", with its settings");
        }
        var entry = kind.entrySet().iterator().next();
        YamlNode body = entry.getValue();
        try {
            return switch (entry.getKey()) {
                case "ping" -> ping(body);
                case "traceroute" -> traceroute(body);
                case "tcp" -> tcpBulk(body);
                case "udp" -> udp(body);
                case "requests" -> requests(body);
                case "close-together" -> closeTogether(body);
                case "http" -> http(body);
                default -> openTogether(body);
            };
        } catch (ScenarioFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw body.error(e.getMessage());
        }
    }

    private Map<String, YamlNode> body(YamlNode node, Set<String> own, String... required) {
        Set<String> allowed = new HashSet<>(own);
        allowed.add("at");
        Map<String, YamlNode> f = node.fields(allowed);
        node.require(f, required);
        return f;
    }

    private String host(Map<String, YamlNode> f, String key) {
        YamlNode node = f.get(key);
        String name = node.name();
        if (!hostNames.contains(name)) {
            throw node.error("no host is named " + name);
        }
        return name;
    }

    private static Duration at(Map<String, YamlNode> f) {
        return f.containsKey("at") ? f.get("at").duration() : Duration.ZERO;
    }

    private TcpSettings tcpOf(Map<String, YamlNode> f) {
        return f.containsKey("tcp") ? tcp(f.get("tcp"), tcpDefaults) : tcpDefaults;
    }

    private Traffic ping(YamlNode node) {
        var f = body(node, Set.of("from", "to", "count", "interval", "size"), "from", "to");
        return new Traffic.Ping(host(f, "from"), host(f, "to"),
                f.containsKey("count") ? f.get("count").integer(1, 65535) : 3,
                f.containsKey("interval") ? positive(f.get("interval")) : Duration.ofSeconds(1),
                f.containsKey("size") ? f.get("size").integer(0, 65507) : 56, at(f));
    }

    private Traffic traceroute(YamlNode node) {
        var f = body(node, Set.of("from", "to", "max-ttl"), "from", "to");
        return new Traffic.Traceroute(host(f, "from"), host(f, "to"),
                f.containsKey("max-ttl") ? f.get("max-ttl").integer(1, 255) : 30, at(f));
    }

    private Traffic tcpBulk(YamlNode node) {
        var f = body(node, Set.of("from", "to", "port", "bytes", "read-delay", "tcp"), "from", "to", "bytes");
        return new Traffic.TcpBulk(host(f, "from"), host(f, "to"),
                f.containsKey("port") ? f.get("port").integer(1, 65535) : 5001,
                (int) f.get("bytes").bytes(1, Traffic.MAX_TCP_BYTES),
                f.containsKey("read-delay") ? f.get("read-delay").duration() : Duration.ZERO, tcpOf(f), at(f));
    }

    private Traffic udp(YamlNode node) {
        var f = body(node, Set.of("from", "to", "port", "datagrams", "size", "interval"), "from", "to", "datagrams");
        return new Traffic.UdpBlast(host(f, "from"), host(f, "to"),
                f.containsKey("port") ? f.get("port").integer(1, 65535) : 9,
                f.get("datagrams").integer(1, 1_000_000),
                f.containsKey("size") ? (int) f.get("size").bytes(0, 65507) : 1000,
                f.containsKey("interval") ? f.get("interval").duration() : Duration.ofMillis(1), at(f));
    }

    private Traffic requests(YamlNode node) {
        var f = body(node, Set.of("from", "to", "port", "writes", "response", "rounds", "tcp"), "from", "to");
        List<Integer> writes = f.containsKey("writes") ? f.get("writes").items().stream()
                .map(w -> (int) w.bytes(1, 1 << 20)).toList() : List.of(100, 100);
        return new Traffic.TcpRequests(host(f, "from"), host(f, "to"),
                f.containsKey("port") ? f.get("port").integer(1, 65535) : 7, writes,
                f.containsKey("response") ? (int) f.get("response").bytes(1, 1 << 20) : 100,
                f.containsKey("rounds") ? f.get("rounds").integer(1, 10_000) : 5, tcpOf(f), at(f));
    }

    private Traffic closeTogether(YamlNode node) {
        var f = body(node, Set.of("from", "to", "port", "close-after", "tcp"), "from", "to");
        return new Traffic.TcpCloseTogether(host(f, "from"), host(f, "to"),
                f.containsKey("port") ? f.get("port").integer(1, 65535) : 7,
                f.containsKey("close-after") ? positive(f.get("close-after")) : Duration.ofMillis(100), tcpOf(f),
                at(f));
    }

    private Traffic http(YamlNode node) {
        var f = body(node, Set.of("client", "server", "port", "path", "bytes", "requests", "tcp"), "client", "server",
                "bytes");
        return new Traffic.HttpGet(host(f, "client"), host(f, "server"),
                f.containsKey("port") ? f.get("port").integer(1, 65535) : 80,
                f.containsKey("path") ? httpPath(f.get("path")) : "/",
                (int) f.get("bytes").bytes(1, Traffic.MAX_TCP_BYTES),
                f.containsKey("requests") ? f.get("requests").integer(1, 10_000) : 1, tcpOf(f), at(f));
    }

    private static String httpPath(YamlNode node) {
        try {
            Traffic.HttpGet.requirePath(node.name());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return node.name();
    }

    private Traffic openTogether(YamlNode node) {
        var f = body(node, Set.of("a", "b", "tcp"), "a", "b");
        return new Traffic.TcpOpenTogether(host(f, "a"), host(f, "b"), tcpOf(f), at(f));
    }
}
