package dev.wirestack.bench;

import dev.wirestack.http.server.HttpResponse;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Java work of one keep-alive request of {@code bench http}, without the sockets: a connection that has wrk's
 * request to read each time it is woken, served by {@link HttpServer} with the benchmark's handler, response bytes
 * counted. What {@code bench http} measures is this plus the system calls (read, write, a share of epoll_wait).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpServerPathBenchmark {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);

    private final Loop loop = new Loop();
    private final Wire wire = new Wire(loop);

    @Setup
    public void open() throws IOException {
        HttpServer server = new HttpServer(exchange -> exchange.respond(HttpResponse.text(200, HttpBenchmark.BODY)),
                HttpBenchmark.SERVER_CONFIG);
        server.serve(new Network() {
            @Override
            public EventLoop loop() {
                return loop;
            }

            @Override
            public Listening listen(int port, Consumer<Connection> onAccept) {
                onAccept.accept(wire);
                return new Listening() {
                    @Override
                    public int port() {
                        return port;
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public void connect(String host, int port, ConnectHandler handler) {
                handler.failed("not in this benchmark");
            }
        }, 80);
    }

    @Benchmark
    public long request() {
        wire.unread = true;
        wire.listener.onReadable();
        return wire.written;
    }

    /** A loop whose timers never fire: the benchmark ends before the shortest timeout. */
    private static final class Loop implements EventLoop {
        @Override
        public long nowNanos() {
            return System.nanoTime();
        }

        @Override
        public Cancellable schedule(long delayNanos, Runnable task) {
            return () -> { };
        }

        @Override
        public void execute(Runnable task) {
            task.run();
        }
    }

    /** wrk's side: one request waits to be read each time, and every response byte is taken. */
    private static final class Wire implements Connection {
        private final EventLoop loop;
        Listener listener;
        boolean unread;
        long written;

        Wire(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (!unread) {
                return 0;
            }
            unread = false;
            System.arraycopy(REQUEST, 0, into, offset, REQUEST.length);
            return REQUEST.length;
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            written += length;
            return length;
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public void close() {
        }

        @Override
        public void abort() {
        }

        @Override
        public void readInterest(boolean interested) {
        }

        @Override
        public void listener(Listener newListener) {
            listener = newListener;
        }

        @Override
        public EventLoop loop() {
            return loop;
        }

        @Override
        public String remoteAddress() {
            return "127.0.0.1:40000";
        }
    }
}
