package dev.wirestack.http.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A response body the server pulls as the connection can take it, so a large file never sits in memory whole. The
 * server closes it when the response ends or the connection fails.
 *
 * <p>A body is single-use: it is a cursor over its bytes (a position in an array, an open file), read once by the
 * one response that sends it, and closed after. Sending the same {@link HttpResponse} (or the same body) for a second
 * request would send nothing, or a closed file, after its head announced the full length. Build the response per
 * request, as in {@code exchange.respond(new HttpResponse(200, HEADERS, Body.of(BYTES)))}: {@link #of} copies the
 * array it is given, so a constant answer costs one small copy per request and the constant stays unchanged.
 */
public interface Body {
    /** The length in bytes, or -1 when unknown (sent chunked to HTTP/1.1 clients, delimited by close to HTTP/1.0). */
    long length();

    /** Reads up to {@code length} bytes into {@code into}: how many, or -1 at the end. */
    int read(byte[] into, int offset, int length) throws IOException;

    default void close() throws IOException {
    }

    Body EMPTY = of(new byte[0]);

    static Body of(byte[] bytes) {
        return new ArrayBody(bytes.clone());
    }

    /** {@code length} bytes of {@code file} from {@code offset}, read as they are sent. */
    static Body ofFile(Path file, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new Body() {
            private long sent;

            @Override
            public long length() {
                return length;
            }

            @Override
            public int read(byte[] into, int intoOffset, int max) throws IOException {
                if (sent == length) {
                    return -1;
                }
                int want = (int) Math.min(max, length - sent);
                int n = channel.read(ByteBuffer.wrap(into, intoOffset, want), offset + sent);
                if (n < 0) {
                    throw new IOException(file + " shrank while being sent");
                }
                sent += n;
                return n;
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
