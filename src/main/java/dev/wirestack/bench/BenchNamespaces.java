package dev.wirestack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The network namespaces of one {@code bench tap} run, and the kernel-side processes in them: every real packet of
 * the benchmark stays inside namespaces made here, named {@code wst-bench-XXXXXXXX...}, and {@link #close} kills
 * every process started (by its own handle) and deletes every namespace (with its interfaces), also after a failure.
 */
final class BenchNamespaces implements AutoCloseable {
    /** How long a setup command (ip, ss) may take. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final String prefix = "wst-bench-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<String> created = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    /** True when this process runs with an effective user id of 0 (namespaces and TAPs need root). */
    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[2]) // real, effective, saved, filesystem
                    .anyMatch("0"::equals);
        } catch (IOException e) {
            return false;
        }
    }

    /** True when {@code tool} is on the PATH. */
    static boolean hasTool(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Creates a namespace named by this run's prefix and {@code suffix}, with its loopback up; returns its name. */
    String create(String suffix) {
        String name = prefix + suffix;
        run(List.of("ip", "netns", "add", name));
        created.add(name);
        exec(name, "ip", "link", "set", "lo", "up");
        return name;
    }

    /** Runs a command in {@code namespace} that must succeed within a few seconds; returns its standard output. */
    String exec(String namespace, String... command) {
        return run(inNamespace(namespace, command));
    }

    /** Starts a command in {@code namespace}; {@link #close} kills it if it still runs. */
    Process start(String namespace, String... command) {
        try {
            Process process = new ProcessBuilder(inNamespace(namespace, command))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Starts a command in {@code namespace} whose standard output (short: a count, a line) {@link #outputOf} reads
     * after it ended; {@link #close} kills it if it still runs.
     */
    Process startWithOutput(String namespace, String... command) {
        try {
            Process process = new ProcessBuilder(inNamespace(namespace, command))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            processes.add(process);
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /** The standard output of a process from {@link #startWithOutput} that has ended. */
    static String outputOf(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a command in {@code namespace} and returns its standard output once it ends within {@code timeout}. */
    String output(String namespace, Duration timeout, String... command) {
        return await(inNamespace(namespace, command), timeout);
    }

    /** Waits until a TCP socket listens on {@code port} in {@code namespace} (a server just started). */
    void awaitListening(String namespace, int port) {
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (exec(namespace, "ss", "-Hltn", "sport = :" + port).isBlank()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing listens on port " + port + " in " + namespace);
            }
            Thread.onSpinWait();
        }
    }

    /** Waits for a started process to end by itself within {@code timeout}; false if it did not (it is killed). */
    static boolean awaitExit(Process process, Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        return false;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroyForcibly(); // by its handle, that is its PID
            try {
                process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> left = new ArrayList<>();
        for (String name : created.reversed()) {
            try {
                run(List.of("ip", "netns", "del", name)); // deletes the TAP and the veth pair with it
            } catch (RuntimeException e) {
                left.add(name);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("could not delete network namespaces " + left
                    + "; delete them with: ip netns del NAME");
        }
    }

    private static List<String> inNamespace(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        return full;
    }

    private static String run(List<String> command) {
        return await(command, COMMAND_TIMEOUT);
    }

    private static String await(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        try {
            process.getOutputStream().close();
            // The commands here print little: reading to the end first cannot block the process.
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish in time");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed with "
                        + process.exitValue() + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The kernel's own TCP throughput in Gbit/s: one iperf3 stream for {@code time} from {@code sender} to
     * {@code receiver} (at {@code receiverAddress}), as the receiving end counted it. The server runs for this one
     * test ({@code --one-off}); {@link #close} kills it by its handle if it is still there.
     *
     * @throws IllegalStateException when iperf3 fails or reports no throughput
     */
    double iperf3Gbps(String sender, String receiver, String receiverAddress, int port, Duration time) {
        start(receiver, "iperf3", "--server", "--one-off", "--port", Integer.toString(port));
        awaitListening(receiver, port);
        String json = output(sender, time.plusSeconds(30), "iperf3", "--client", receiverAddress, "--port",
                Integer.toString(port), "--time", Long.toString(Math.max(1, time.toSeconds())), "--json");
        java.util.regex.Matcher received = java.util.regex.Pattern
                .compile("\"sum_received\"\\s*:\\s*\\{[^}]*\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)")
                .matcher(json);
        if (!received.find()) {
            throw new IllegalStateException("iperf3 reported no received throughput: " + json.strip());
        }
        return Double.parseDouble(received.group(1)) / 1e9;
    }
}
