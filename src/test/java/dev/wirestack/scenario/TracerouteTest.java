package dev.wirestack.scenario;

import dev.wirestack.cli.Main;
import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traceroute through the built-in network: an echo request with TTL n dies at the n-th router, which says so with
 * "time exceeded" from the address it received the request on; with TTL 4 the request reaches the server.
 */
class TracerouteTest {
    private static final long SECOND = 1_000_000_000L;
    private static final String R1 = "10.1.0.1";
    private static final String R2 = "10.9.1.2";
    private static final String R3 = "10.9.2.2";
    private static final String SERVER = "10.2.0.2";

    @Test
    void echoesWithTtl1To4_timeExceededFromEachRouterInOrder_thenAnEchoReplyFromTheServer() {
        ReferenceNetwork reference = new ReferenceNetwork(1, 0, event -> { });
        List<PingEvent> heard = new ArrayList<>();
        PingSocket probe = reference.client().openPing(heard::add);
        for (int ttl = 1; ttl <= 4; ttl++) {
            int hop = ttl;
            reference.network().schedule(hop * SECOND, () -> probe.send(ReferenceNetwork.SERVER, hop, 32, hop));
        }
        reference.network().runUntil(10 * SECOND);

        assertThat(heard).extracting(PingEvent::sequence).containsExactly(1, 2, 3, 4);
        for (int hop = 0; hop < 3; hop++) {
            assertThat(heard.get(hop)).isInstanceOfSatisfying(PingEvent.Error.class, error -> {
                assertThat(error.type()).isEqualTo(IcmpHeader.TIME_EXCEEDED);
                assertThat(error.code()).isEqualTo(IcmpHeader.TTL_EXCEEDED);
                assertThat(error.destination()).isEqualTo(ReferenceNetwork.SERVER);
            });
        }
        assertThat(heard.subList(0, 3)).extracting(event -> ((PingEvent.Error) event).reporter().toString())
                .containsExactly(R1, R2, R3);
        assertThat(heard.get(3)).isInstanceOfSatisfying(PingEvent.Reply.class, reply -> {
            assertThat(reply.from()).isEqualTo(Ipv4Address.parse(SERVER));
            assertThat(reply.ttl()).isEqualTo(61);
        });
    }

    @Test
    void simTraceroute_printsTheRoutersInOrder_thenTheServer() {
        Run run = wirestack("sim", "traceroute", SERVER);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.outLines();
        assertThat(lines.getFirst()).startsWith("traceroute to " + SERVER + " (" + SERVER + ")");
        assertThat(lines).hasSize(5);
        String[] hops = {R1, R2, R3, SERVER};
        for (int hop = 1; hop <= 4; hop++) {
            assertThat(lines.get(hop)).startsWith(String.format("%2d  %s (%s)  ", hop, hops[hop - 1], hops[hop - 1]))
                    .doesNotContain("*");
        }
    }

    @Test
    void simPing_threeEchoes_threeReplies_noLoss() {
        Run run = wirestack("sim", "ping", SERVER, "-c", "3");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.outLines()).filteredOn(line -> line.startsWith("64 bytes from " + SERVER + ": icmp_seq="))
                .hasSize(3).allSatisfy(line -> assertThat(line).contains("ttl=61"));
        assertThat(run.outLines()).anySatisfy(line ->
                assertThat(line).startsWith("3 packets transmitted, 3 received, 0% packet loss"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sim ping 10.2.0.300", "sim ping -c 0 10.2.0.2", "sim ping --loss 2 10.2.0.2"})
    void badArguments_exitCode2_andOneLineOnStderr(String commandLine) {
        Run run = wirestack(commandLine.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("wirestack: ");
    }

    private record Run(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    private static Run wirestack(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
