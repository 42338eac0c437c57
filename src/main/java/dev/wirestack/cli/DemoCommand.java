package dev.wirestack.cli;

import dev.wirestack.report.DemoFiles;
import dev.wirestack.report.DemoReport;
import dev.wirestack.report.DemoScenario;
import dev.wirestack.report.SequenceDiagramText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wirestack demo}: the built-in scenario, its summary on the terminal and its HTML report on disk. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the built-in simulated network (client LAN, three routers, a lossy wide-area link, server "
                + "LAN): ARP, ping, and a TCP transfer with NewReno and then CUBIC. Prints a summary per layer and "
                + "writes an HTML report with sequence diagrams, state timelines and charts, plus pcap files.")
final class DemoCommand implements Callable<Integer> {
    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "wirestack-report",
            description = "directory for index.html and the pcap files (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the simulation: the same seed gives the same report (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--loss", paramLabel = "P", defaultValue = "0.01",
            description = "probability that the wide-area link loses a frame (default ${DEFAULT-VALUE})")
    double loss;

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "2097152",
            description = "bytes each TCP transfer sends (default ${DEFAULT-VALUE}, 2 MiB)")
    int bytes;

    @Option(names = "--diagram", description = "also print the TCP sequence diagram of the NewReno transfer as text")
    boolean diagram;

    @Option(names = {"-q", "--quiet"}, description = "print only the report's path")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        DemoScenario.Settings settings = new DemoScenario.Settings(seed, loss, bytes);
        DemoScenario.Progress progress = terminal && !quiet ? (step, fraction) -> {
            out.printf(Locale.ROOT, "\r%-40s %3.0f %%", step, fraction * 100);
            out.flush();
        } : DemoScenario.Progress.NONE;
        DemoFiles.Written written = DemoFiles.write(settings, output, progress);
        if (terminal && !quiet) {
            out.print("\r" + " ".repeat(48) + "\r");
        }
        if (!quiet) {
            for (String line : DemoReport.summary(written.result())) {
                int space = line.indexOf(' ');
                out.println(terminal ? BOLD + line.substring(0, space) + RESET + line.substring(space) : line);
            }
            if (diagram) {
                out.print(SequenceDiagramText.render(DemoReport.transferDiagram(written.result(), 0)
                        .elide(DemoReport.DIAGRAM_HEAD, DemoReport.DIAGRAM_TAIL)));
            }
        }
        String path = written.index().toAbsolutePath().toString();
        out.println(quiet ? path : "report: " + (terminal ? GREEN + path + RESET : path));
        return written.result().transfers().stream().allMatch(DemoScenario.Transfer::intact) ? 0 : 1;
    }
}
