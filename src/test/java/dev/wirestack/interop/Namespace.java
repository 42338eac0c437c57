package dev.wirestack.interop;

import dev.wirestack.testing.RequiredTools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, with a TAP interface in it: the kernel's side is {@value #KERNEL_CIDR} on
 * {@value #TAP}, and Wirestack attaches to the same TAP as {@value #WIRESTACK_CIDR}. Every packet of the interop
 * tests stays inside it. Commands run in it through {@code ip netns exec}; every process started here is killed,
 * and the namespace (with its interfaces) deleted, by {@link #close}, which then checks that nothing is left.
 *
 * <p>Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN for the namespace). Without it the test is skipped with the
 * reason; with CI=true it fails instead, so a CI run cannot pass by skipping.
 */
final class Namespace implements AutoCloseable {
    static final String TAP = "wst0";
    static final String KERNEL = "10.77.0.1";
    static final String KERNEL_CIDR = "10.77.0.1/24";
    static final String WIRESTACK = "10.77.0.2";
    static final String WIRESTACK_CIDR = "10.77.0.2/24";
    /** Wirestack's MAC in these tests, so that the kernel's neighbour table can be checked against it. */
    static final String WIRESTACK_MAC = "02:77:00:00:00:02";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    /** The kernel side's tools: iproute2 (ip, ss), iputils ping, socat, hping3 for floods, python3 for raw frames. */
    private static final List<String> TOOLS = List.of("ip", "ss", "ping", "socat", "hping3", "python3");

    /** What a command in the namespace did. */
    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final String name = "wst-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final List<Process> processes = new ArrayList<>();
    private boolean created;

    private Namespace() {
    }

    /** Creates the namespace and its TAP, up and addressed, with a long transmit queue (so bursts are not lost). */
    static Namespace create() {
        requirePrivileges();
        Namespace namespace = new Namespace();
        try {
            host("ip", "netns", "add", namespace.name);
            namespace.created = true;
            namespace.run("ip", "link", "set", "lo", "up");
            namespace.run("ip", "tuntap", "add", "dev", TAP, "mode", "tap");
            namespace.run("ip", "link", "set", TAP, "txqueuelen", "10000", "up");
            namespace.run("ip", "addr", "add", KERNEL_CIDR, "dev", TAP);
            return namespace;
        } catch (RuntimeException | AssertionError e) {
            namespace.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** Runs a command in the namespace to its end (killed after {@link #COMMAND_TIMEOUT}). */
    Result exec(String... command) {
        return exec(null, command);
    }

    /** Runs a command in the namespace with {@code input} on its standard input. */
    Result exec(byte[] input, String... command) {
        return await(start(command), input, COMMAND_TIMEOUT, String.join(" ", command));
    }

    /** Runs a command in the namespace that must succeed; returns its standard output. */
    String run(String... command) {
        Result result = exec(command);
        if (result.code() != 0) {
            fail("'" + String.join(" ", command) + "' in " + name + " exited with " + result.code() + ": "
                    + result.all().strip());
        }
        return result.out();
    }

    /** Starts a command in the namespace; it is killed at {@link #close} if still running. */
    Process start(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(full).start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + full, e);
        }
    }

    /** The kernel's MAC on the TAP. */
    String kernelMac() {
        return run("cat", "/sys/class/net/" + TAP + "/address").strip();
    }

    /** Waits for a process started here; kills it (by its PID) and fails when it outlives {@code timeout}. */
    static Result await(Process process, byte[] input, Duration timeout, String what) {
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            } catch (IOException closedEarly) {
                // the command did not read all its input: its output says why
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                fail("'" + what + "' did not finish within " + timeout.toSeconds() + " s: " + out.join() + err.join());
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(process);
            throw new IllegalStateException("interrupted while waiting for '" + what + "'", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.ISO_8859_1)); // bytes kept as they are
            } catch (IOException e) {
                text.complete("(output lost: " + e + ")");
            }
        });
        return text;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            kill(process);
        }
        if (created) {
            exec("ip", "link", "del", TAP);
            host("ip", "netns", "del", name);
            String left = host("ip", "netns", "list");
            assertThat(left).as("namespaces left after the test").doesNotContain(name);
        }
        for (Process process : processes) {
            assertThat(process.isAlive()).as("process " + process.pid() + " left after the test").isFalse();
        }
    }

    /** SIGTERM, a grace period, then SIGKILL: only the processes this namespace started, by PID. */
    static void kill(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** A command in the test's own namespace: only the ip netns commands that make and remove ours. */
    private static String host(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("'" + String.join(" ", command) + "' did not finish");
            }
            if (process.exitValue() != 0) {
                fail("'" + String.join(" ", command) + "' exited with " + process.exitValue() + ": " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void requirePrivileges() {
        String reason = null;
        if (!isRoot()) {
            reason = "interop tests need root (they create a network namespace and a TAP interface in it)";
        } else if (!Files.exists(Path.of("/dev/net/tun"))) {
            reason = "interop tests need /dev/net/tun (modprobe tun)";
        } else if (!TOOLS.stream().allMatch(tool -> RequiredTools.find(tool).isPresent())) {
            reason = "interop tests need the tools " + TOOLS + " (apt-get install iproute2 iputils-ping socat hping3 python3,"
                    + " as .ci/run does)";
        }
        if (reason != null) {
            RequiredTools.unavailable(reason);
        }
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0")); // the effective UID
        } catch (IOException e) {
            return false;
        }
    }
}
