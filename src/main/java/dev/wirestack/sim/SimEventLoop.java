package dev.wirestack.sim;

import dev.wirestack.http.transport.EventLoop;

/**
 * The simulator's virtual clock and scheduler as an HTTP {@link EventLoop}: timers fire in virtual time, and every
 * task runs on the thread that runs the network, as the simulator is single-threaded.
 */
public final class SimEventLoop implements EventLoop {
    private final SimNetwork network;

    public SimEventLoop(SimNetwork network) {
        this.network = network;
    }

    @Override
    public long nowNanos() {
        return network.now();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        boolean[] cancelled = new boolean[1];
        network.schedule(network.now() + Math.max(0, delayNanos), () -> {
            if (!cancelled[0]) {
                task.run();
            }
        });
        return () -> cancelled[0] = true;
    }

    @Override
    public void execute(Runnable task) {
        network.schedule(network.now(), task);
    }
}
