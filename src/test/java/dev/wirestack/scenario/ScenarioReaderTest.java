package dev.wirestack.scenario;

import dev.wirestack.sim.LinkSpec;
import dev.wirestack.wire.TcpHeader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioReaderTest {
    private static final String VALID = """
            name: lossy-wan
            title: A lossy wide-area link
            explanation: >
              Two LANs and a lossy link between them.
            seed: 7
            duration: 30s
            tcp: {congestion: cubic, sack: false, timestamps: true, window-scaling: true, nodelay: true, mss: 1200,
                  msl: 1s, delayed-ack: 100ms, send-buffer: 128KiB, receive-buffer: 64KiB}
            hosts:
              - {name: client, address: 10.1.0.2/24, gateway: 10.1.0.1}
              - name: r1
                router: true
                interfaces: [10.1.0.1/24, {address: 10.2.0.1/24, mtu: 576}]
                routes: [{to: 10.3.0.0/16, via: 10.2.0.2}]
              - {name: server, address: 10.2.0.2/24, mtu: 576, gateway: 10.2.0.1}
            switches: [sw1]
            links:
              - {between: [client, sw1], bandwidth: 100 Mbit/s, delay: 50us}
              - {between: [sw1, "r1:0"]}
              - between: [r1, server]
                bandwidth: 10Mbit
                delay: 10ms
                loss: 0.01
                duplication: 0.001
                corruption: 0.0001
                reordering: {probability: 0.02, delay: 3ms}
                queue: 50
                rules:
                  - {action: drop, direction: forward, match: {protocol: tcp, flags: ACK, data: false}, nth: 1}
                  - {action: old-duplicate, direction: back, match: {protocol: tcp, flags: SYN+ACK}, delay: 50ms}
            traffic:
              - ping: {from: client, to: server, count: 5, interval: 200ms, size: 1000}
              - tcp: {from: client, to: server, port: 5001, bytes: 2MiB, at: 1s, tcp: {congestion: newreno}}
              - udp: {from: client, to: server, port: 9, datagrams: 100, size: 1000, interval: 1ms, at: 2s}
              - traceroute: {from: client, to: server, max-ttl: 8}
              - requests: {from: client, to: server, writes: [50, 150], response: 200, rounds: 3}
              - close-together: {from: client, to: server, port: 9000, close-after: 200ms}
              - open-together: {a: client, b: server}
            """;

    @Test
    void validFile_givesTheScenarioItDescribes() {
        Scenario s = ScenarioReader.read("wan.yaml", VALID);
        assertThat(s.name()).isEqualTo("lossy-wan");
        assertThat(s.title()).isEqualTo("A lossy wide-area link");
        assertThat(s.explanation()).isEqualTo("Two LANs and a lossy link between them.");
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(30));
        TcpSettings tcp = new TcpSettings(TcpSettings.Congestion.CUBIC, false, true, true, true, 1200,
                Duration.ofSeconds(1), Duration.ofMillis(100), 128 * 1024, 64 * 1024);
        assertThat(s.tcp()).isEqualTo(tcp);
        assertThat(s.hosts()).containsExactly(
                new Scenario.HostSpec("client", false, List.of(new Scenario.Interface("10.1.0.2/24", 1500)),
                        "10.1.0.1", List.of()),
                new Scenario.HostSpec("r1", true, List.of(new Scenario.Interface("10.1.0.1/24", 1500),
                        new Scenario.Interface("10.2.0.1/24", 576)), null,
                        List.of(new Scenario.Route("10.3.0.0/16", "10.2.0.2"))),
                new Scenario.HostSpec("server", false, List.of(new Scenario.Interface("10.2.0.2/24", 576)),
                        "10.2.0.1", List.of()));
        assertThat(s.switches()).containsExactly(new Scenario.SwitchSpec("sw1"));
        assertThat(s.links()).hasSize(3);
        assertThat(s.links().get(0)).isEqualTo(new Scenario.Link("client", -1, "sw1", -1,
                LinkSpec.ethernet100M().delay(Duration.ofNanos(50_000)), List.of()));
        assertThat(s.links().get(1)).isEqualTo(new Scenario.Link("sw1", -1, "r1", 0, LinkSpec.ideal(), List.of()));
        assertThat(s.links().get(2)).isEqualTo(new Scenario.Link("r1", -1, "server", -1,
                LinkSpec.ethernet10M().delay(Duration.ofMillis(10)).loss(0.01).duplicate(0.001).corrupt(0.0001)
                        .reorder(0.02, Duration.ofMillis(3)).queuePackets(50),
                List.of(FrameRule.drop(FrameRule.Direction.A_TO_B, FrameRule.Match.tcp(TcpHeader.ACK, 0), 1),
                        new FrameRule(FrameRule.Action.OLD_DUPLICATE, FrameRule.Direction.B_TO_A,
                                FrameRule.Match.tcp(TcpHeader.SYN | TcpHeader.ACK, -1), 1, 1,
                                Duration.ofMillis(50), 100_000))));
        assertThat(s.traffic()).containsExactly(
                new Traffic.Ping("client", "server", 5, Duration.ofMillis(200), 1000, Duration.ZERO),
                new Traffic.TcpBulk("client", "server", 5001, 2 * 1024 * 1024, Duration.ZERO,
                        tcp.withCongestion(TcpSettings.Congestion.NEWRENO), Duration.ofSeconds(1)),
                new Traffic.UdpBlast("client", "server", 9, 100, 1000, Duration.ofMillis(1), Duration.ofSeconds(2)),
                new Traffic.Traceroute("client", "server", 8, Duration.ZERO),
                new Traffic.TcpRequests("client", "server", 7, List.of(50, 150), 200, 3, tcp, Duration.ZERO),
                new Traffic.TcpCloseTogether("client", "server", 9000, Duration.ofMillis(200), tcp, Duration.ZERO),
                new Traffic.TcpOpenTogether("client", "server", tcp, Duration.ZERO));
    }

    @Test
    void aBuiltinScenario_canBeWrittenAsAFile() {
        Scenario file = ScenarioReader.read("lost-third-ack.yaml", """
                name: lost-third-ack
                duration: 5s
                hosts: [{name: client, address: 10.0.0.1/24}, {name: server, address: 10.0.0.2/24}]
                links:
                  - between: [client, server]
                    bandwidth: 100Mbit
                    delay: 10ms
                    rules: [{action: drop, direction: forward, match: {protocol: tcp, flags: ACK, data: no}}]
                traffic:
                  - tcp: {from: client, to: server, port: 80, bytes: 1000}
                """);
        Scenario builtin = BuiltinScenarios.named("lost-third-ack").orElseThrow();
        assertThat(file).usingRecursiveComparison().ignoringFields("title", "explanation").isEqualTo(builtin);
    }

    @Test
    void defaults_fillWhatAMinimalFileLeavesOut() {
        Scenario s = ScenarioReader.read("min.yml", """
                hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
                links: [{between: [a, b]}]
                traffic: [{tcp: {from: a, to: b, bytes: 1000}}]
                """);
        assertThat(s.name()).isEqualTo("min");
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.tcp()).isEqualTo(TcpSettings.DEFAULT);
        assertThat(s.links().getFirst().spec()).isEqualTo(LinkSpec.ideal());
    }

    /** Each bad file: the line and field named, and the problem in words. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            links: [{between: [a, b], loss: 1.5}]                | 4 | links[0].loss: 1.5 is not a probability (0 to 1)
            links: [{between: [a, b], lose: 0.1}]                | 4 | links[0].lose: unknown field (expected one of
            links: [{between: [a, c]}]                           | 4 | links[0].between[1]: no host or switch is named c
            links: [{between: [a]}]                              | 4 | links[0].between: a link is between two nodes
            links: [{between: [a, b], delay: 10 parsecs}]        | 4 | links[0].delay: '10 parsecs' is not a duration
            links: [{between: [a, b], bandwidth: fast}]          | 4 | links[0].bandwidth: 'fast' is not a bandwidth
            links: [{between: [a, b], queue: -1}]                | 4 | links[0].queue: -1 is out of range (0 to 1000000)
            links: [{between: [a, b], rules: [{action: zap}]}]   | 4 | links[0].rules[0].action: 'zap' is not one of delay, drop, old-duplicate
            links: [{between: [a, b], rules: [{action: delay}]}] | 4 | links[0].rules[0]: a delay rule needs a delay
            links: [{between: [a, b], rules: [{action: drop, match: {flags: SYN+URG}}]}] | 4 | links[0].rules[0].match.flags: 'URG' is not SYN, ACK, FIN or RST
            traffic: [{ping: {from: a, to: z}}]                  | 5 | traffic[0].ping.to: no host is named z
            traffic: [{ping: {from: a}}]                         | 5 | traffic[0].ping: missing to
            traffic: [{tcp: {from: a, to: b, bytes: lots}}]      | 5 | traffic[0].tcp.bytes: 'lots' is not a byte count
            traffic: [{tcp: {from: a, to: b, bytes: 1, port: 0}}] | 5 | traffic[0].tcp.port: 0 is out of range (1 to 65535)
            traffic: [{tcp: {from: a, to: b, bytes: 1, tcp: {congestion: vegas}}}] | 5 | traffic[0].tcp.tcp.congestion: 'vegas' is not one of cubic, newreno
            traffic: [{dns: {from: a, to: b}}]                   | 5 | traffic[0].dns: unknown field (expected one of
            traffic: [{http: {from: a, to: b}}]                  | 5 | traffic[0].http.from: unknown field (expected one of
            traffic: [{http: {client: a, server: b}}]            | 5 | traffic[0].http: missing bytes
            traffic: [{http: {client: a, server: z, bytes: 1}}]  | 5 | traffic[0].http.server: no host is named z
            traffic: [{http: {client: a, server: b, bytes: 1, path: index.html}}] | 5 | traffic[0].http.path: 'index.html' is not a path
            traffic: [{http: {client: a, server: b, bytes: 1, requests: 0}}] | 5 | traffic[0].http.requests: 0 is out of range (1 to 10000)
            traffic: [{http: {client: a, server: b, bytes: 0}}]  | 5 | traffic[0].http.bytes: 0 is out of range (1 to 67108864)
            traffic: [{ping: {from: a, to: b}, udp: {from: a, to: b, datagrams: 1}}] | 5 | traffic[0]: each traffic item is one of
            seed: x                                              | 1 | seed: 'x' is not a whole number
            duration: 0s                                         | 1 | duration: must be longer than 0
            tcp: {nodelay: maybe}                                | 1 | tcp.nodelay: 'maybe' is not true or false
            """)
    void badFile_isNamedByLineAndField(String line, int lineNumber, String message) {
        boolean extraIsTop = line.startsWith("seed") || line.startsWith("duration") || line.startsWith("tcp");
        String links = line.startsWith("links") ? line : "links: [{between: [a, b]}]";
        String traffic = line.startsWith("traffic") ? line : "traffic: []";
        String file = (extraIsTop ? line + "\n" : "") + """
                hosts:
                  - {name: a, address: 10.0.0.1/24}
                  - {name: b, address: 10.0.0.2/24}
                """ + links + "\n" + traffic + "\n";
        assertThatThrownBy(() -> ScenarioReader.read("bad.yaml", file))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith("bad.yaml line " + lineNumber + ", " + message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            hosts: [{name: a, address: 10.0.0.300/24}] | 1 | hosts[0].address: not an IPv4 address (300 is over 255)
            hosts: [{name: a, address: 10.0.0.1/24, gateway: 10.9.9.9}] | 1 | hosts[0].gateway: 10.9.9.9 is on none of the host's subnets
            hosts: [{name: a}]                         | 1 | hosts[0]: give either address (one interface) or interfaces
            hosts: [{name: a, address: 10.0.0.1/24}, {name: a, address: 10.0.0.2/24}] | 1 | hosts[1].name: there is already a node named a
            hosts: [{name: 'a b', address: 10.0.0.1/24}] | 1 | hosts[0].name: 'a b' is not a name
            """)
    void badHosts_areNamedByLineAndField(String hosts, int line, String message) {
        assertThatThrownBy(() -> ScenarioReader.read("bad.yaml", hosts + "\nlinks: []\ntraffic: []\n"))
                .isInstanceOf(ScenarioFileException.class)
                .hasMessageStartingWith("bad.yaml line " + line + ", " + message);
    }

    @Test
    void notYaml_orNotAScenario_saysWhere() {
        assertThatThrownBy(() -> ScenarioReader.read("x.yaml", "hosts: [a, b\nlinks: ]\n"))
                .isInstanceOf(ScenarioFileException.class).hasMessageStartingWith("x.yaml line 2: not valid YAML");
        assertThatThrownBy(() -> ScenarioReader.read("x.yaml", ""))
                .hasMessage("x.yaml: the file is empty");
        assertThatThrownBy(() -> ScenarioReader.read("x.yaml", "- just\n- a list\n"))
                .hasMessage("x.yaml line 1: expected a mapping (key: value lines)");
        assertThatThrownBy(() -> ScenarioReader.read("x.yaml", "hosts: []\n"))
                .hasMessage("x.yaml line 1: missing links, traffic");
    }
}
