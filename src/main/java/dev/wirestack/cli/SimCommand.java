package dev.wirestack.cli;

import picocli.CommandLine.Command;

/** {@code wirestack sim ...}: commands that run in the built-in simulated network. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Runs a command in the built-in simulated network: client 10.1.0.2 on a LAN, three routers, "
                + "server 10.2.0.2 on another LAN; --loss impairs the wide-area link between the second and third router.",
        subcommands = {SimPingCommand.class, SimTracerouteCommand.class})
final class SimCommand {
}
