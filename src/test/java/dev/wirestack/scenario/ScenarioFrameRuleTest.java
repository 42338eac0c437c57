package dev.wirestack.scenario;

import dev.wirestack.report.DemoScenario;
import dev.wirestack.trace.Tracer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Frame rules act on exactly the frames they name, counted per rule and direction. */
class ScenarioFrameRuleTest {
    private static ScenarioRunner.Result run(String rules) {
        Scenario scenario = ScenarioReader.read("rules.yaml", """
                hosts: [{name: a, address: 10.0.0.1/24}, {name: b, address: 10.0.0.2/24}]
                links:
                  - between: [a, b]
                    delay: 5ms
                    rules: %s
                traffic:
                  - ping: {from: a, to: b, count: 4, interval: 100ms}
                """.formatted(rules));
        return ScenarioRunner.run(scenario, Tracer.NONE, DemoScenario.Progress.NONE);
    }

    @Test
    void delay_holdsBackOnlyTheNthMatchingFrame() {
        var outcome = run("[{action: delay, direction: forward, match: {protocol: icmp}, nth: 2, delay: 300ms}]")
                .outcomes().getFirst();
        assertThat(outcome.values()).containsEntry("replies", 4);
        assertThat((double) outcome.values().get("rttMaxMs")).isBetween(310.0, 311.0);
        assertThat((double) outcome.values().get("rttMinMs")).isBetween(10.0, 11.0);
    }

    @Test
    void drop_withCount_losesThatManyFrames_inItsDirectionOnly() {
        var forward = run("[{action: drop, direction: forward, match: {protocol: icmp}, nth: 2, count: 2}]");
        assertThat(forward.outcomes().getFirst().values()).containsEntry("replies", 2);
        // Going back, the first echo reply is the first ICMP frame in that direction.
        var back = run("[{action: drop, direction: back, match: {protocol: icmp}, nth: 1}]");
        assertThat(back.outcomes().getFirst().values()).containsEntry("replies", 3);
        assertThat(back.recorder().events()).anySatisfy(e -> assertThat(e.node()).isEqualTo("filter-a-b"));
    }
}
