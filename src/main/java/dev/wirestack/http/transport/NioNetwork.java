package dev.wirestack.http.transport;

import dev.wirestack.runtime.YieldBeforeSleep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * HTTP over the JDK's own sockets: one platform thread runs a {@link Selector} over non-blocking
 * {@link SocketChannel}s, with timers and a task queue, the same single-threaded shape as a Wirestack host, so the
 * server and client run unchanged on both. The monotonic clock ({@link System#nanoTime()}) is read here, in the
 * driver, never in the HTTP core.
 */
public final class NioNetwork implements Network, EventLoop, AutoCloseable {
    private static final int IO_BUFFER = 65536;
    private final InetAddress bindAddress;
    /** The loops this network's listeners hand accepted connections to, in turn: itself first, then its helpers. */
    private final List<NioNetwork> group = new ArrayList<>();
    private int nextInGroup;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long timerSequence;
    /**
     * The loop's one direct buffer, through which its connections read and write: the JDK would otherwise copy
     * each heap array through a temporary direct buffer of its own, looked up per call. One thread, one buffer.
     */
    final ByteBuffer io = ByteBuffer.allocateDirect(IO_BUFFER);
    private volatile boolean running = true;
    private final YieldBeforeSleep yieldBeforeSleep = new YieldBeforeSleep();
    private boolean lastPassFoundWork;
    private final Consumer<SelectionKey> dispatcher = this::dispatch;

    /** Ready handlers attached to selection keys. */
    interface Ready {
        void ready(SelectionKey key);
    }

    private final class Timer implements Comparable<Timer>, Cancellable {
        final long at;
        final long sequence = timerSequence++;
        final Runnable task;
        volatile boolean cancelled;

        Timer(long at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        @Override
        public int compareTo(Timer other) {
            return at != other.at ? Long.compare(at, other.at) : Long.compare(sequence, other.sequence);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Starts a loop thread named {@code name} whose listeners bind to {@code bindAddress}. */
    public static NioNetwork start(String name, InetAddress bindAddress) {
        return start(name, bindAddress, 1);
    }

    /**
     * Starts {@code loops} loop threads (one per core, say) as one network: this one listens and connects, and hands
     * the connections it accepts to each loop in turn, as Netty's acceptor does. A connection stays on its loop
     * ({@link Connection#loop()}), so the code above stays single-threaded per connection. {@link #close} stops all.
     */
    public static NioNetwork start(String name, InetAddress bindAddress, int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("at least one loop, not " + loops);
        }
        NioNetwork leader = open(loops == 1 ? name : name + "-0", bindAddress);
        leader.group.add(leader);
        try {
            for (int loop = 1; loop < loops; loop++) {
                leader.group.add(open(name + "-" + loop, bindAddress));
            }
        } catch (UncheckedIOException e) {
            leader.close();
            throw e;
        }
        return leader;
    }

    private static NioNetwork open(String name, InetAddress bindAddress) {
        try {
            return new NioNetwork(name, bindAddress);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    private NioNetwork(String name, InetAddress bindAddress) throws IOException {
        this.bindAddress = bindAddress;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::run);
    }

    @Override
    public EventLoop loop() {
        return this;
    }

    @Override
    public long nowNanos() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        Timer timer = new Timer(nowNanos() + Math.max(0, delayNanos), task);
        if (Thread.currentThread() == thread) {
            timers.add(timer);
        } else {
            execute(() -> timers.add(timer));
        }
        return timer;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop and waits for its result: for callers on other threads. */
    public <T> T submit(java.util.concurrent.Callable<T> task) throws Exception {
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    @Override
    public Listening listen(int port, Consumer<Connection> onAccept) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(bindAddress, port), 1024);
        server.configureBlocking(false);
        execute(() -> register(server, SelectionKey.OP_ACCEPT, key -> accept(server, onAccept)));
        int boundPort = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new Listening() {
            @Override
            public int port() {
                return boundPort;
            }

            @Override
            public void close() {
                execute(() -> closeQuietly(server));
            }
        };
    }

    private void accept(ServerSocketChannel server, Consumer<Connection> onAccept) {
        SocketChannel channel;
        try {
            while ((channel = server.accept()) != null) {
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                NioNetwork loop = group.get(nextInGroup++ % group.size());
                SocketChannel accepted = channel;
                if (loop == this) {
                    adopt(accepted, onAccept);
                } else {
                    loop.execute(() -> loop.adopt(accepted, onAccept));
                }
            }
        } catch (IOException e) {
            // One failed accept (the peer already gone, out of descriptors) must not stop the listener.
        }
    }

    /** On this loop: registers an accepted channel here and hands its connection over. */
    private void adopt(SocketChannel channel, Consumer<Connection> onAccept) {
        try {
            NioConnection connection = new NioConnection(this, channel);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            onAccept.accept(connection);
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    @Override
    public void connect(String host, int port, ConnectHandler handler) {
        execute(() -> {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                NioConnection connection = new NioConnection(this, channel);
                if (channel.connect(new InetSocketAddress(host, port))) {
                    connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                    handler.connected(connection);
                    return;
                }
                SocketChannel pending = channel;
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, (Ready) key -> {
                    try {
                        pending.finishConnect();
                        key.attach(connection);
                        key.interestOps(SelectionKey.OP_READ);
                        handler.connected(connection);
                    } catch (IOException e) {
                        closeQuietly(pending);
                        handler.failed("connection to " + host + ":" + port + " failed: " + e.getMessage());
                    }
                });
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    closeQuietly(channel);
                }
                handler.failed("connection to " + host + ":" + port + " failed: " + e);
            }
        });
    }

    private void register(java.nio.channels.SelectableChannel channel, int ops, Ready ready) {
        try {
            channel.register(selector, ops, ready);
        } catch (IOException e) {
            closeQuietly(channel);
        }
    }

    private void run() {
        try {
            while (running) {
                pass();
            }
        } catch (IOException | ClosedSelectorException e) {
            running = false;
        }
    }

    /**
     * One pass of the loop: ready channels, then tasks, then due timers. A method of its own, not the body of
     * {@link #run}'s loop, so that the JIT compiles it after a few thousand passes: a loop that runs once per burst
     * of requests would wait tens of seconds in the interpreter for an on-stack replacement.
     */
    private void pass() throws IOException {
        Timer next = timers.peek();
        long wait = next == null ? 0 : next.at - nowNanos();
        // The keys are handed over as they are found: no selected-key set to fill, iterate and clear.
        int found;
        if (next != null && wait <= 0) {
            found = selector.selectNow(dispatcher);
        } else if (yieldBeforeSleep.shouldTry(lastPassFoundWork)) {
            // After a pass that found work: the core to a peer once, then a look that does not sleep.
            Thread.yield();
            found = selector.selectNow(dispatcher);
            yieldBeforeSleep.tried(found > 0);
        } else {
            found = selector.select(dispatcher, next == null ? 0 : Math.max(1, wait / 1_000_000));
        }
        lastPassFoundWork = found > 0;
        Runnable task;
        while ((task = tasks.poll()) != null) {
            guarded(task);
        }
        long now = nowNanos();
        while ((next = timers.peek()) != null && next.at <= now) {
            timers.poll();
            if (!next.cancelled) {
                guarded(next.task);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof Ready ready) {
            try {
                ready.ready(key);
            } catch (RuntimeException e) {
                report(e);
            }
        }
    }

    /** A bug in one connection's code is reported and must not stop the loop that serves all the others. */
    private void guarded(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            report(e);
        }
    }

    private static void report(RuntimeException e) {
        Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
    }

    /** Stops the loop (and the others of its group) and closes every channel they own. */
    @Override
    public void close() {
        for (NioNetwork helper : group) {
            if (helper != this) {
                helper.close();
            }
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
            for (SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ClosedSelectorException e) {
            // closing anyway
        }
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do with a channel that will not close
        }
    }
}
