package dev.wirestack.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;

/** Another body, gzip-compressed as it is pulled (length unknown, so sent chunked). */
final class GzipBody implements Body {
    private final Body source;
    private final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    private final GZIPOutputStream gzip;
    private final byte[] input = new byte[16384];
    private byte[] pending = new byte[0];
    private int pendingOffset;
    private boolean finished;

    GzipBody(Body source) throws IOException {
        this.source = source;
        this.gzip = new GZIPOutputStream(compressed, 8192);
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        while (pendingOffset == pending.length) {
            if (finished) {
                return -1;
            }
            int n = source.read(input, 0, input.length);
            if (n < 0) {
                gzip.finish();
                finished = true;
            } else {
                gzip.write(input, 0, n);
            }
            pending = compressed.toByteArray();
            pendingOffset = 0;
            compressed.reset();
        }
        int count = Math.min(length, pending.length - pendingOffset);
        System.arraycopy(pending, pendingOffset, into, offset, count);
        pendingOffset += count;
        return count;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
