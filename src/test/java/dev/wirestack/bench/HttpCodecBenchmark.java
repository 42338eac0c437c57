package dev.wirestack.bench;

import dev.wirestack.http.codec.Headers;
import dev.wirestack.http.codec.Http1Connection;
import dev.wirestack.http.codec.HttpEvent;
import dev.wirestack.http.codec.HttpLimits;
import dev.wirestack.http.codec.HttpVersion;
import dev.wirestack.http.codec.Role;
import dev.wirestack.http.codec.StatusCodes;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
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
 * One keep-alive exchange through the server's codec alone, in ns: wrk's request parsed, then the benchmark's
 * 13-byte response serialised. {@code bench http} cannot see this cost under the system calls and the noise of a
 * shared machine; this can.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpCodecBenchmark {
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] BODY = "Hello, world!".getBytes(StandardCharsets.ISO_8859_1);

    Http1Connection codec;

    @Setup
    public void open() {
        codec = new Http1Connection(Role.SERVER, HttpLimits.DEFAULT);
    }

    @Benchmark
    public int exchange() {
        codec.receiveData(REQUEST, 0, REQUEST.length);
        HttpEvent.Request request = (HttpEvent.Request) codec.nextEvent();
        codec.nextEvent(); // the end of its empty body
        Headers headers = Headers.of("Content-Type", "text/plain; charset=utf-8", "Content-Length", "13");
        int sent = codec.send(new HttpEvent.Response(200, StatusCodes.reason(200), headers, HttpVersion.HTTP_1_1))
                .length;
        sent += codec.send(new HttpEvent.Data(BODY)).length;
        sent += codec.send(HttpEvent.EndOfMessage.NO_TRAILERS).length;
        return sent + request.target().length();
    }
}
