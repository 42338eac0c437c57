package dev.wirestack.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code wirestack bench WHAT}: one subcommand per benchmark; anything else is named as unknown. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures Wirestack's speed: 'sim' the simulator with whole hosts, 'tcp' the TCP stack, 'tap' TCP through a real TAP against the kernel, 'http' the HTTP server against the JDK's.",
        subcommands = {BenchSimCommand.class, BenchTcpCommand.class, BenchTapCommand.class, BenchHttpCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Parameters(paramLabel = "WHAT", arity = "0..1", description = "what to measure: sim, tcp, tap or http")
    String what;

    @Override
    public Integer call() {
        throw new IllegalArgumentException(what == null ? "name a benchmark: sim, tcp, tap or http"
                : "unknown benchmark '" + what + "' (known: sim, tcp, tap, http)");
    }
}
