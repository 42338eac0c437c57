package dev.wirestack.cli;

import dev.wirestack.report.DemoScenario;
import dev.wirestack.report.SequenceDiagramText;
import dev.wirestack.scenario.BuiltinScenarios;
import dev.wirestack.scenario.FlagScenario;
import dev.wirestack.scenario.Scenario;
import dev.wirestack.scenario.ScenarioFiles;
import dev.wirestack.scenario.ScenarioReader;
import dev.wirestack.scenario.ScenarioReport;
import dev.wirestack.scenario.TcpSettings;
import dev.wirestack.sim.LinkSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wirestack sim}: runs a scenario (a built-in learning scenario by name, a YAML file, or one made from flags)
 * and writes its report; {@code sim ping} and {@code sim traceroute} run in the built-in reference network.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Runs a simulated scenario and writes its HTML report: a built-in learning scenario (NAME; "
                + "see --list), a YAML file (--file), or a client and a server on one link described by flags.",
                "The subcommands ping and traceroute run in the built-in network instead: client 10.1.0.2 on a LAN, "
                        + "three routers, server 10.2.0.2 on another LAN."},
        subcommands = {SimPingCommand.class, SimTracerouteCommand.class})
final class SimCommand implements Callable<Integer> {
    private static final String BOLD = "\u001b[1m";
    private static final String GREEN = "\u001b[32m";
    private static final String RED = "\u001b[31m";
    private static final String RESET = "\u001b[0m";
    /** Progress appears only once a run has taken this long on the wall clock: short runs print none. */
    private static final long PROGRESS_AFTER_NANOS = 500_000_000;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "a built-in scenario (see --list)")
    String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "a scenario file in YAML")
    Path file;

    @Option(names = "--list", description = "list the built-in scenarios")
    boolean list;

    @Option(names = "--json", description = "print a machine-readable summary: one JSON object")
    boolean json;

    @Option(names = "--diagram", description = "also print the sequence diagram as text")
    boolean diagram;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "wirestack-report",
            description = "directory for index.html and the pcap files (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = {"-q", "--quiet"}, description = "print only the report's path")
    boolean quiet;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the simulation (overrides the scenario's)")
    Long seed;

    @Option(names = "--duration", paramLabel = "TIME",
            description = "longest virtual time to run, such as 30s (overrides the scenario's)")
    String duration;

    @ArgGroup(exclusive = false, heading = "%nA scenario from flags (a client and a server on one link):%n")
    FlagOptions flags = new FlagOptions();

    /** The link, TCP and traffic of a scenario described by flags. */
    static final class FlagOptions {
        @Option(names = "--bandwidth", paramLabel = "RATE", defaultValue = "10Mbit",
                description = "link bandwidth (default ${DEFAULT-VALUE})")
        String bandwidth = "10Mbit";

        @Option(names = "--delay", paramLabel = "TIME", defaultValue = "10ms",
                description = "one-way delay (default ${DEFAULT-VALUE})")
        String delay = "10ms";

        @Option(names = "--loss", paramLabel = "P", defaultValue = "0", description = "loss probability")
        double loss;

        @Option(names = "--duplication", paramLabel = "P", defaultValue = "0", description = "duplication probability")
        double duplication;

        @Option(names = "--corruption", paramLabel = "P", defaultValue = "0", description = "corruption probability")
        double corruption;

        @Option(names = "--reordering", paramLabel = "P", defaultValue = "0",
                description = "probability that a frame is held back 1 ms and overtaken")
        double reordering;

        @Option(names = "--queue", paramLabel = "FRAMES", defaultValue = "1000", description = "queue length in frames")
        int queue = 1000;

        @Option(names = "--cc", paramLabel = "ALGORITHM", defaultValue = "newreno",
                description = "congestion control: newreno or cubic (default ${DEFAULT-VALUE})")
        String cc = "newreno";

        @Option(names = "--no-sack", description = "do not offer SACK")
        boolean noSack;

        @Option(names = "--no-timestamps", description = "do not offer timestamps")
        boolean noTimestamps;

        @Option(names = "--no-window-scaling", description = "do not offer window scaling")
        boolean noWindowScaling;

        @Option(names = "--nodelay", description = "disable Nagle's algorithm")
        boolean noDelay;

        @Option(names = "--mss", paramLabel = "BYTES", defaultValue = "0", description = "cap the MSS")
        int mss;

        @Option(names = "--ping", paramLabel = "N", defaultValue = "0", description = "echo requests to send")
        int ping;

        @Option(names = "--tcp", paramLabel = "BYTES", defaultValue = "0", description = "bytes of a TCP transfer")
        int tcp;

        @Option(names = "--udp", paramLabel = "N", defaultValue = "0", description = "UDP datagrams of 1000 bytes")
        int udp;

        @Option(names = "--http", paramLabel = "BYTES", defaultValue = "0", description = "bytes of an HTTP GET")
        int http;
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        if (list) {
            for (Scenario scenario : BuiltinScenarios.all()) {
                String line = String.format(Locale.ROOT, "%-20s %s", scenario.name(), scenario.title());
                out.println(terminal ? BOLD + line.substring(0, 20) + RESET + line.substring(20) : line);
            }
            return 0;
        }
        Scenario scenario = scenario();
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        if (duration != null) {
            scenario = scenario.withDuration(positiveDuration("--duration", duration));
        }
        boolean chatty = !quiet && !json;
        long wallStart = System.nanoTime();
        DemoScenario.Progress progress = terminal && chatty ? (step, fraction) -> {
            if (System.nanoTime() - wallStart > PROGRESS_AFTER_NANOS) {
                out.printf(Locale.ROOT, "\r%-40s %3.0f %%", step, fraction * 100);
                out.flush();
            }
        } : DemoScenario.Progress.NONE;
        ScenarioFiles.Written written = ScenarioFiles.write(scenario, output, progress);
        if (terminal && chatty && System.nanoTime() - wallStart > PROGRESS_AFTER_NANOS) {
            out.print("\r" + " ".repeat(48) + "\r");
        }
        String path = written.index().toAbsolutePath().toString();
        if (json) {
            out.println(ScenarioReport.json(written.result()));
        } else if (!quiet) {
            out.println(terminal ? BOLD + scenario.title() + RESET : scenario.title());
            for (String line : ScenarioReport.summary(written.result())) {
                out.println(terminal && line.contains("(unfinished)") ? RED + line + RESET : line);
            }
            if (diagram) {
                out.print(SequenceDiagramText.render(ScenarioReport.diagram(written.result())
                        .elide(ScenarioReport.DIAGRAM_HEAD, ScenarioReport.DIAGRAM_TAIL)));
            }
        }
        if (!json) {
            out.println(quiet ? path : "report: " + (terminal ? GREEN + path + RESET : path));
        }
        return written.result().completed() ? 0 : 1;
    }

    private Scenario scenario() {
        if (name != null && file != null) {
            throw new IllegalArgumentException("give a scenario NAME or --file, not both");
        }
        if (name != null) {
            return BuiltinScenarios.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "no built-in scenario is named " + name + " (see 'wirestack sim --list')"));
        }
        if (file != null) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
            return ScenarioReader.read(file.toString(), text);
        }
        return fromFlags();
    }

    private Scenario fromFlags() {
        LinkSpec link;
        try {
            link = LinkSpec.ideal().bandwidth(bitsPerSecond(flags.bandwidth))
                    .delay(positiveOrZero("--delay", flags.delay)).loss(flags.loss).duplicate(flags.duplication)
                    .corrupt(flags.corruption).reorder(flags.reordering, Duration.ofMillis(1))
                    .queuePackets(flags.queue);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad link flag: " + e.getMessage());
        }
        TcpSettings.Congestion cc = switch (flags.cc.toLowerCase(Locale.ROOT)) {
            case "newreno" -> TcpSettings.Congestion.NEWRENO;
            case "cubic" -> TcpSettings.Congestion.CUBIC;
            default -> throw new IllegalArgumentException("--cc is newreno or cubic, not " + flags.cc);
        };
        TcpSettings tcp = TcpSettings.DEFAULT.withCongestion(cc)
                .withOptions(!flags.noSack, !flags.noTimestamps, !flags.noWindowScaling).withNoDelay(flags.noDelay)
                .withMss(flags.mss);
        if (flags.ping < 0 || flags.tcp < 0 || flags.udp < 0 || flags.http < 0) {
            throw new IllegalArgumentException("--ping, --tcp, --udp and --http count up from 0");
        }
        return FlagScenario.of(link, tcp, flags.ping, flags.tcp, flags.udp, flags.http, 1, Duration.ofSeconds(60));
    }

    private static long bitsPerSecond(String text) {
        return ScenarioReader.quantity("--bandwidth", text, ScenarioReader.Quantity.BANDWIDTH);
    }

    private static Duration positiveOrZero(String option, String text) {
        return Duration.ofNanos(ScenarioReader.quantity(option, text, ScenarioReader.Quantity.DURATION));
    }

    private static Duration positiveDuration(String option, String text) {
        Duration value = positiveOrZero(option, text);
        if (value.isZero()) {
            throw new IllegalArgumentException(option + " must be longer than 0");
        }
        return value;
    }
}
