package dev.wirestack.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wirestack.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@code wirestack} command as a process of its own inside a test namespace: the JVM must be in the namespace
 * to open the namespace's TAP, and a process of its own is how users run it (signals, exit codes, output).
 */
final class Wirestack {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private Wirestack() {
    }

    /** The command line that runs {@code wirestack args...} with this JVM and the classes under test. */
    static String[] command(String... args) {
        String java = ProcessHandle.current().info().command()
                .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
        // The tests' own class path (under surefire, a jar whose manifest lists it): the classes under test and
        // every library they use.
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /** Runs {@code wirestack args...} in the namespace to its end. */
    static Namespace.Result run(Namespace namespace, String... args) {
        return namespace.exec(command(args));
    }

    /**
     * Starts {@code wirestack serve} on the namespace's TAP as {@link Namespace#WIRESTACK_CIDR} with
     * {@link Namespace#WIRESTACK_MAC}, plus {@code extra} flags, and waits for its ready line.
     */
    static Running serve(Namespace namespace, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--tap", Namespace.TAP, "--ip", Namespace.WIRESTACK_CIDR,
                "--mac", Namespace.WIRESTACK_MAC));
        args.addAll(List.of(extra));
        return start(namespace, "wirestack: serving on ", args.toArray(String[]::new));
    }

    /** Starts {@code wirestack args...} in the namespace and waits until it prints a line starting with {@code ready}. */
    static Running start(Namespace namespace, String ready, String... args) {
        return new Running(namespace.start(command(args)), ready);
    }

    /** A wirestack command running in a namespace. */
    static final class Running {
        private final Process process;
        private final String readyPrefix;
        private final StringBuffer out = new StringBuffer();
        private final StringBuffer err = new StringBuffer();
        private final CompletableFuture<String> ready = new CompletableFuture<>();
        private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Void> outDone;
        private final CompletableFuture<Void> errDone;

        private Running(Process process, String readyPrefix) {
            this.process = process;
            this.readyPrefix = readyPrefix;
            this.outDone = collect(process.getInputStream(), out, ready, readyPrefix, waiters);
            this.errDone = collect(process.getErrorStream(), err, null, null, List.of());
            try {
                ready.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                Namespace.kill(process);
                fail("wirestack printed no line starting '" + readyPrefix + "' within " + READY_TIMEOUT.toSeconds() + " s: " + out + err);
            } catch (ExecutionException e) {
                Namespace.kill(process);
                errDone.join();
                fail("wirestack ended before it printed '" + readyPrefix + "': " + out + err);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /**
         * Waits until wirestack prints a line that starts with {@code prefix} (now or already) and returns it: tests
         * wait on what the program says, never on a fixed time.
         */
        String awaitLine(String prefix, Duration timeout) {
            CompletableFuture<String> seen = new CompletableFuture<>();
            Waiter waiter = new Waiter(prefix, seen);
            waiters.add(waiter);
            out.toString().lines().filter(line -> line.startsWith(prefix)).findFirst().ifPresent(seen::complete);
            try {
                return seen.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return fail("wirestack printed no line starting '" + prefix + "' within " + timeout + ": " + out + err);
            } catch (ExecutionException | InterruptedException e) {
                return fail("waiting for '" + prefix + "': " + e);
            } finally {
                waiters.remove(waiter);
            }
        }

        /** The first line that started with the ready prefix. */
        String readyLine() {
            return ready.join();
        }

        /** Sends SIGTERM and waits for the exit: wirestack must stop cleanly (and flush its capture). */
        Namespace.Result stop() {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the output streams
            return awaitExit();
        }

        /**
         * Stops serve once the kernel has no connection left half-way through a close, and checks it exits 0 on
         * SIGTERM; returns what it printed.
         */
        Namespace.Result stopAfterCleanCloses(Namespace namespace) {
            assertThat(Transfers.awaitNoHalfClosedConnections(namespace, 10))
                    .as("the kernel's connections stuck half-way through a close").isEmpty();
            Namespace.Result stopped = stop();
            assertThat(stopped.code()).as("serve's exit code on SIGTERM: %s", stopped.all()).isZero();
            return stopped;
        }

        /** Waits for wirestack to end by itself. */
        Namespace.Result awaitExit() {
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    Namespace.kill(process);
                    fail("wirestack did not end within " + STOP_TIMEOUT.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            outDone.join();
            errDone.join();
            return new Namespace.Result(process.exitValue(), out.toString(), err.toString());
        }

        /** What it has printed on standard output so far. */
        String output() {
            return out.toString();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** A test waiting for a line that starts with {@code prefix}. */
        private record Waiter(String prefix, CompletableFuture<String> seen) {
        }

        private static CompletableFuture<Void> collect(InputStream stream, StringBuffer into,
                                                       CompletableFuture<String> ready, String readyPrefix,
                                                       List<Waiter> waiters) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        into.append(line).append('\n');
                        if (ready != null && line.startsWith(readyPrefix)) {
                            ready.complete(line);
                        }
                        for (Waiter waiter : waiters) {
                            if (line.startsWith(waiter.prefix())) {
                                waiter.seen().complete(line);
                            }
                        }
                    }
                } catch (IOException e) {
                    into.append("(output lost: ").append(e).append(")\n");
                } finally {
                    if (ready != null) {
                        ready.completeExceptionally(new IllegalStateException("output ended"));
                    }
                    done.complete(null);
                }
            });
            return done;
        }
    }
}
