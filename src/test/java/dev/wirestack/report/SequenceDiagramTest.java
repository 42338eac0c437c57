package dev.wirestack.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SequenceDiagramTest {
    private static final List<String> LANES = List.of("client", "server");
    private final LossyTransfer run = new LossyTransfer(7, 0.05, 200_000);
    private final SequenceDiagram diagram = SequenceDiagram.of(run.events(), LANES);

    @Test
    void theTransferCompletedDespiteLoss() {
        assertThat(run.transfer.intact()).isTrue();
        assertThat(run.recorder.overflow()).isZero();
    }

    @Test
    void oneArrowPerFrameSent() {
        long framesSent = run.events().stream().filter(TraceEvent.FrameSent.class::isInstance).count();
        assertThat(diagram.arrows()).hasSize((int) framesSent);
    }

    @Test
    void lostFramesAreTheLinksLossesAndStopShort() {
        long linkLosses = run.events().stream()
                .filter(e -> e instanceof TraceEvent.Dropped d && d.reason() == DropReason.LINK_LOSS).count();
        List<SequenceDiagram.Arrow> lost = diagram.arrows().stream().filter(SequenceDiagram.Arrow::lost).toList();
        assertThat(linkLosses).isPositive();
        assertThat(lost).hasSize((int) linkLosses);
        assertThat(lost).allSatisfy(arrow -> assertThat(arrow.receivedNanos()).isEqualTo(-1));
    }

    @Test
    void deliveredArrowsGoFromTheSenderToTheOtherLaneForwardInTime() {
        for (SequenceDiagram.Arrow arrow : diagram.arrows()) {
            assertThat(arrow.to()).isEqualTo(1 - arrow.from());
            if (!arrow.lost()) {
                assertThat(arrow.receivedNanos()).isGreaterThan(arrow.timeNanos());
            }
        }
    }

    @Test
    void theHandshakeIsLabelledWithRelativeSequenceNumbers() {
        List<String> labels = diagram.arrows().stream().map(SequenceDiagram.Arrow::label)
                .filter(label -> label.startsWith("[")).limit(3).toList();
        assertThat(labels.get(0)).startsWith("[SYN] Seq=0 Win=");
        assertThat(labels.get(1)).startsWith("[SYN, ACK] Seq=0 Ack=1 Win=");
        assertThat(labels.get(2)).matches("\\[(PSH, )?ACK] Seq=1 Ack=1 Win=\\d+ Len=\\d+"); // data may ride on it
    }

    @Test
    void everyStateChangeOfBothSidesIsNoted() {
        long changes = run.events().stream().filter(TraceEvent.TcpStateChanged.class::isInstance).count();
        long notes = diagram.items().stream().filter(SequenceDiagram.StateNote.class::isInstance).count();
        assertThat(notes).isEqualTo(changes);
        assertThat(diagram.items().stream().filter(SequenceDiagram.StateNote.class::isInstance)
                .map(i -> ((SequenceDiagram.StateNote) i).state())).contains("ESTABLISHED", "TIME_WAIT", "CLOSED");
    }

    @Test
    void theSvgDrawsEveryArrowAndEveryLoss() {
        String svg = SequenceDiagramSvg.render(diagram);
        long lost = diagram.arrows().stream().filter(SequenceDiagram.Arrow::lost).count();
        assertThat(count(svg, "<g class=\"arrow\">") + count(svg, "<g class=\"arrow lost\">"))
                .isEqualTo(diagram.arrows().size());
        assertThat(count(svg, "<g class=\"arrow lost\">")).isEqualTo(lost);
        assertThat(count(svg, "<g class=\"state\">")).isEqualTo(
                diagram.items().stream().filter(SequenceDiagram.StateNote.class::isInstance).count());
    }

    @Test
    void theTextHasOneLinePerItemAndLossesEndInAnX() {
        String text = SequenceDiagramText.render(diagram);
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(diagram.items().size() + 1);
        long lost = diagram.arrows().stream().filter(SequenceDiagram.Arrow::lost).count();
        assertThat(lines.stream().filter(l -> Pattern.compile("\\|-+[^|]*-+x").matcher(l).find()
                || Pattern.compile("x-+[^|]*-+\\|").matcher(l).find()).count()).isEqualTo(lost);
    }

    @Test
    void elidingKeepsTheEndsAndCountsTheRest() {
        SequenceDiagram shown = diagram.elide(10, 5);
        assertThat(shown.arrows()).hasSize(15);
        assertThat(shown.omitted()).isEqualTo(diagram.arrows().size() - 15);
        assertThat(shown.arrows().subList(0, 10)).isEqualTo(diagram.arrows().subList(0, 10));
        assertThat(shown.items()).filteredOn(SequenceDiagram.Gap.class::isInstance).hasSize(1);
    }

    @Test
    void framesThroughRoutersThatAreNotLanesAreDrawnEndToEnd() {
        DemoScenario.Result result = DemoScenario.run(new DemoScenario.Settings(3, 0, 20_000),
                dev.wirestack.trace.Tracer.NONE, DemoScenario.Progress.NONE);
        DemoScenario.Phase ping = result.phases().getFirst();
        List<TraceEvent> events = result.recorder().events().subList(ping.firstEvent(), ping.endEvent());
        SequenceDiagram endToEnd = SequenceDiagram.of(events, List.of("client", "server"));
        // Three requests and three replies; ARP stays on each LAN and is not between these lanes.
        assertThat(endToEnd.arrows()).extracting(SequenceDiagram.Arrow::label)
                .filteredOn(l -> l.startsWith("ICMP")).hasSize(6);
        assertThat(endToEnd.arrows()).noneMatch(SequenceDiagram.Arrow::lost);
        SequenceDiagram hopByHop = SequenceDiagram.of(events, DemoReport.ALL_HOSTS);
        assertThat(hopByHop.arrows()).filteredOn(a -> a.label().startsWith("ICMP")).hasSize(6 * 4);
    }

    private static long count(String text, String what) {
        return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
    }
}
