package dev.wirestack.cli;

import dev.wirestack.tap.TapException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wirestack} command: one subcommand per job, each in its own file. */
@Command(name = "wirestack",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A TCP/IP stack in Java, for a simulated network and a real TAP interface.",
        subcommands = {DemoCommand.class, SimCommand.class, ServeCommand.class, PingCommand.class, NcCommand.class,
                GetCommand.class, IpcalcCommand.class, DissectCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit code for bad command-line input, as for every wirestack command. */
    static final int USAGE_ERROR = 2;
    /** Exit code when a well-formed command fails, such as a TAP interface that cannot be opened. */
    static final int RUNTIME_ERROR = 1;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams and returns the exit code (for tests and main). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(Main::oneLineUsageError)
                .setExecutionExceptionHandler((exception, cmd, parseResult) -> {
                    if (exception instanceof IllegalArgumentException) {
                        cmd.getErr().println("wirestack: " + exception.getMessage());
                        return USAGE_ERROR;
                    }
                    if (exception instanceof TapException) {
                        // The command line was right, the interface was not (missing, down, busy, no permission).
                        cmd.getErr().println("wirestack: " + exception.getMessage());
                        return RUNTIME_ERROR;
                    }
                    throw exception;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Bad input gets one line, naming the problem and where to look, and exit code 2. */
    private static int oneLineUsageError(CommandLine.ParameterException problem, String[] args) {
        CommandLine cmd = problem.getCommandLine();
        cmd.getErr().println("wirestack: " + problem.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
                + " --help')");
        return USAGE_ERROR;
    }
}
