package dev.wirestack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wirestack bench WHAT}: one subcommand per benchmark; anything else is named as unknown. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures Wirestack's speed: 'sim' the simulator with whole hosts, 'tcp' the TCP stack, 'tap' TCP through a real TAP against the kernel.",
        subcommands = {BenchSimCommand.class, BenchTcpCommand.class, BenchTapCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "WHAT", arity = "0..1", description = "what to measure: sim, tcp or tap")
    String what;

    @Override
    public Integer call() {
        throw new IllegalArgumentException(what == null ? "name a benchmark: sim, tcp or tap"
                : "unknown benchmark '" + what + "' (known: sim, tcp, tap)");
    }
}
