package dev.wirestack.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SimCommandTest {
    @TempDir
    Path dir;

    @Test
    void list_namesEveryBuiltinScenario_withItsTitle() {
        Cli.Result result = Cli.run("sim", "--list");
        assertThat(result.code()).isZero();
        assertThat(result.out().lines()).hasSize(15);
        assertThat(result.out()).contains("handshake", "lost-third-ack", "old-duplicate-syn", "simultaneous-open",
                "four-way-close", "simultaneous-close", "slow-start", "fast-retransmit", "rto", "nagle",
                "zero-window", "fragmentation", "traceroute", "arp", "tcp-and-udp", "Nagle's algorithm meets delayed ACK");
    }

    @Test
    void builtin_writesTheReport_withItsExplanation_andPrintsTheSummary() throws IOException {
        Cli.Result result = Cli.run("sim", "handshake", "-o", dir.toString(), "--diagram");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("The three-way handshake", "intact true", "[SYN]",
                "report: " + dir.resolve("index.html").toAbsolutePath());
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("synchronises the two sides", "<svg", "client.pcap");
        assertThat(dir.resolve("client.pcap")).isNotEmptyFile();
        assertThat(dir.resolve("server.pcap")).isNotEmptyFile();
    }

    @Test
    void quiet_printsOnlyThePath() {
        Cli.Result result = Cli.run("sim", "arp", "-o", dir.toString(), "--quiet");
        assertThat(result.code()).isZero();
        assertThat(result.out().strip()).isEqualTo(dir.resolve("index.html").toAbsolutePath().toString());
    }

    @Test
    void json_isOneObject_withTheSummaryFields() {
        Cli.Result result = Cli.run("sim", "rto", "--json", "-o", dir.toString());
        assertThat(result.code()).isZero();
        String json = result.out().strip();
        assertThat(json.lines()).hasSize(1);
        assertThat(json).startsWith("{\"scenario\":\"rto\",\"title\":\"Retransmission timeout\",\"seed\":1,")
                .endsWith("}")
                .contains("\"completed\":true", "\"traffic\":[{\"label\":\"tcp client→server:80\",\"kind\":\"tcp\"",
                        "\"timeoutRetransmits\":1", "\"tcpConnections\":[{\"side\":\"client 10.0.0.1:",
                        "\"states\":[\"SYN_SENT\",\"ESTABLISHED\"", "\"hosts\":{\"client\":{", "\"links\":[{");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
    }

    @Test
    void sameSeed_givesTheSameJson_anotherSeedAnother() {
        String first = Cli.run("sim", "tcp-and-udp", "--json", "-o", dir.toString()).out();
        String again = Cli.run("sim", "tcp-and-udp", "--json", "-o", dir.toString()).out();
        String other = Cli.run("sim", "tcp-and-udp", "--json", "--seed", "2", "-o", dir.toString()).out();
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first).contains("\"seed\":2");
    }

    @Test
    void flags_describeAScenarioOnOneLink() {
        Cli.Result result = Cli.run("sim", "--tcp", "100000", "--loss", "0.02", "--cc", "cubic", "--delay", "5ms",
                "--json", "-o", dir.toString());
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"scenario\":\"flags\"", "\"congestionControl\":\"CUBIC\"",
                "\"intact\":true");
    }

    @Test
    void httpFlag_getsThatManyBytesOverHttp() {
        Cli.Result result = Cli.run("sim", "--http", "50000", "--loss", "0.01", "--json", "-o", dir.toString());
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"label\":\"http client→server:80/\",\"kind\":\"http\",\"completed\":true",
                "\"received\":50000,\"intact\":true").doesNotContain("\"kind\":\"ping\"");
    }

    @Test
    void file_runsTheScenarioItDescribes() throws IOException {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, """
                name: two
                hosts:
                  - {name: a, address: 10.5.0.1/24}
                  - {name: b, address: 10.5.0.2/24}
                links:
                  - {between: [a, b], delay: 2ms}
                traffic:
                  - ping: {from: a, to: b, count: 2, interval: 100ms}
                """);
        Cli.Result result = Cli.run("sim", "--file", file.toString(), "--json", "-o", dir.resolve("r").toString());
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("\"scenario\":\"two\"", "\"replies\":2");
    }

    @Test
    void badFile_isOneLineNamingLineAndField_exitCode2() throws IOException {
        Path file = dir.resolve("scenario.yaml");
        Files.writeString(file, """
                hosts:
                  - {name: a, address: 10.5.0.1/24}
                  - {name: b, address: 10.5.0.2/24}
                links:
                  - {between: [a, b], loss: 1.5}
                traffic: []
                """);
        Cli.Result result = Cli.run("sim", "--file", file.toString(), "-o", dir.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wirestack: " + file + " line 5, links[0].loss: 1.5 is not a "
                + "probability (0 to 1)" + System.lineSeparator());
    }

    @Test
    void unknownName_orMissingFile_isAUsageError() {
        assertThat(Cli.run("sim", "nosuch").code()).isEqualTo(2);
        Cli.Result missing = Cli.run("sim", "--file", dir.resolve("none.yaml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("wirestack: cannot read");
    }

    @Test
    void pingAndTraceroute_stillRunInTheReferenceNetwork() {
        assertThat(Cli.run("sim", "ping", "-c", "1", "10.2.0.2").out()).contains("1 received");
        assertThat(Cli.run("sim", "traceroute", "10.2.0.2").out()).contains("10.9.2.2");
    }
}
