package dev.wirestack.scenario;

import dev.wirestack.report.DemoScenario;
import dev.wirestack.report.SequenceDiagramText;
import dev.wirestack.trace.Tracer;
import org.junit.jupiter.api.Test;

class ScenarioDebugTest {
    @Test
    void show() {
        var r = ScenarioRunner.run(BuiltinScenarios.named(System.getProperty("scn", "zero-window")).orElseThrow(), Tracer.NONE, DemoScenario.Progress.NONE);
        System.out.println(SequenceDiagramText.render(ScenarioReport.diagram(r).elide(60, 20)));
        ScenarioReport.summary(r).forEach(System.out::println);
    }
}
