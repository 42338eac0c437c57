package dev.wirestack.http;

import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.sim.SimNetwork;

/** The simulator's virtual clock and scheduler as an HTTP {@link EventLoop}: timers fire in virtual time. */
public final class SimLoop implements EventLoop {
    private final SimNetwork network;

    public SimLoop(SimNetwork network) {
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
