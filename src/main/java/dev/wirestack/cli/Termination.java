package dev.wirestack.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Ends a real-network command cleanly on SIGINT or SIGTERM: a shutdown hook runs the command's own ending (stop the
 * loop, flush the capture, print the statistics) and exits with its code, 0 for serve, as ping does on Ctrl-C.
 *
 * <p>The command ends one way only: {@link #finish} when it completes by itself, the hook on a signal, whichever
 * comes first. If the command got there first, the hook waits for it and exits with its code.
 */
final class Termination implements AutoCloseable {
    private static final long WAIT_FOR_COMMAND_SECONDS = 10;

    private final AtomicBoolean ending = new AtomicBoolean();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Thread hook;
    private volatile int code;

    /** Arms the hook: on a signal, {@code onSignal} ends the command and gives the exit code. */
    Termination(IntSupplier onSignal) {
        this.hook = new Thread(() -> {
            if (ending.compareAndSet(false, true)) {
                code = onSignal.getAsInt();
            } else {
                awaitCommand();
            }
            System.out.flush();
            System.err.flush();
            // halt, not exit: the JVM is already shutting down, and a signal would otherwise set the exit status.
            Runtime.getRuntime().halt(code);
        }, "wirestack-termination");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command completes by itself: runs its ending unless a signal's is under way (then returns that code). */
    int finish(IntSupplier ending) {
        if (this.ending.compareAndSet(false, true)) {
            code = ending.getAsInt();
            ended.countDown();
        }
        return code;
    }

    private void awaitCommand() {
        try {
            ended.await(WAIT_FOR_COMMAND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Disarms the hook (in-process callers, such as tests, keep running after the command). */
    @Override
    public void close() {
        ended.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it ends the process
        }
    }
}
