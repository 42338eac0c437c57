package dev.wirestack.scenario;

import dev.wirestack.report.DemoScenario;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code http} traffic kind: GETs of a generated body from an HttpServer, over Wirestack TCP in virtual time. */
class HttpTrafficTest {
    private static final int BYTES = 300_000;

    /** A client and a server on a 10 Mbit/s link that loses 3 % of the frames each way. */
    private static final String LOSSY = """
            name: http-lossy
            seed: 5
            duration: 120s
            hosts:
              - {name: a, address: 10.0.0.1/24}
              - {name: b, address: 10.0.0.2/24}
            links:
              - {between: [a, b], bandwidth: 10Mbit, delay: 5ms, loss: 0.03}
            traffic:
              - http: {client: a, server: b, path: /blob.bin, bytes: 300000, requests: 4, at: 10ms}
            """;

    private static ScenarioRunner.Result run(String yaml, List<TraceEvent> events) {
        return ScenarioRunner.run(ScenarioReader.read("http.yaml", yaml), events::add, DemoScenario.Progress.NONE);
    }

    @Test
    void readsTheHttpItem_withItsDefaults() {
        Scenario scenario = ScenarioReader.read("http.yaml", LOSSY.replace(
                "path: /blob.bin, bytes: 300000, requests: 4, at: 10ms", "bytes: 1MiB"));

        assertThat(scenario.traffic()).containsExactly(new Traffic.HttpGet("a", "b", 80, "/", 1 << 20, 1,
                TcpSettings.DEFAULT, Duration.ZERO));
        assertThat(scenario.traffic().getFirst().label()).isEqualTo("http a→b:80/");
    }

    @Test
    void getsOverALossyLink_everyBodyIntact_onOneKeepAliveConnection() {
        List<TraceEvent> events = new ArrayList<>();
        ScenarioRunner.Result result = run(LOSSY, events);

        Outcome outcome = result.outcomes().getFirst();
        assertThat(outcome.kind()).isEqualTo("http");
        assertThat(outcome.completed()).isTrue();
        assertThat(outcome.values()).containsEntry("answered", 4).containsEntry("status", 200)
                .containsEntry("received", 4L * BYTES).containsEntry("intact", true)
                .containsEntry("connections", 1).containsEntry("error", "none");
        double firstByte = (double) outcome.values().get("firstByteMs");
        double total = (double) outcome.values().get("totalMs");
        // The handshake and the request each cross the 5 ms link before the first body byte can come back.
        assertThat(firstByte).isGreaterThanOrEqualTo(15.0);
        assertThat(total).isGreaterThan(firstByte);
        long handshakes = events.stream().filter(e -> e instanceof TraceEvent.TcpStateChanged s
                && s.node().equals("a") && s.to().equals("SYN_SENT")).count();
        assertThat(handshakes).isEqualTo(1);
        assertThat(result.network().links().stream().mapToLong(link -> link.aToB().counters().framesDropped()
                + link.bToA().counters().framesDropped()).sum()).as("frames lost on the link").isPositive();
    }

    @Test
    void json_hasTheHttpResult() {
        String json = ScenarioReport.json(run(LOSSY, new ArrayList<>()));

        assertThat(json).contains("\"label\":\"http a→b:80/blob.bin\",\"kind\":\"http\",\"completed\":true",
                "\"bytes\":300000,\"requests\":4,\"answered\":4,\"status\":200,\"received\":1200000,\"intact\":true",
                "\"firstByteMs\":", "\"totalMs\":", "\"connections\":1");
    }

    @Test
    void theFlagScenario_getsItsBody() {
        ScenarioRunner.Result result = ScenarioRunner.run(FlagScenario.of(LinkSpec.ideal(),
                TcpSettings.DEFAULT, 0, 0, 0, 1000, 1, Duration.ofSeconds(10)), Tracer.NONE,
                DemoScenario.Progress.NONE);

        assertThat(result.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.label()).isEqualTo("http client→server:80/");
            assertThat(o.values()).containsEntry("status", 200).containsEntry("intact", true)
                    .containsEntry("received", 1000L);
        });
    }
}
