package dev.wirestack.http.client;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a gzip member (RFC 1952) written to it into {@code out}, as the bytes come, so that a streamed response
 * body is decoded without being held whole: the header is parsed, the deflate data inflated, the trailer's CRC-32 and
 * length checked at {@link #close}. One member only; decoded output beyond {@code limit} is refused (a gzip bomb).
 * Every malformation is an {@link IOException}.
 */
final class GunzipOutputStream extends FilterOutputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    /** A header larger than this (a file name or comment without end) is refused. */
    private static final int MAX_HEADER = 65536;
    private static final int TRAILER = 8;

    private final long limit;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] inflated = new byte[16384];
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private final ByteArrayOutputStream trailer = new ByteArrayOutputStream();
    private boolean headerDone;
    private long decoded;
    private boolean closed;

    GunzipOutputStream(OutputStream out, long limit) {
        super(out);
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int at = offset;
        int end = offset + length;
        if (!headerDone) {
            int wanted = Math.min(length, MAX_HEADER - header.size());
            header.write(bytes, at, wanted);
            int headerLength = headerLength(header.toByteArray());
            if (headerLength < 0) {
                if (header.size() >= MAX_HEADER) {
                    throw new IOException("a gzip header of more than " + MAX_HEADER + " bytes");
                }
                return;
            }
            headerDone = true;
            // What came after the header in this write is deflate data.
            at += wanted - (header.size() - headerLength);
        }
        if (!inflater.finished() && at < end) {
            inflater.setInput(bytes, at, end - at);
            inflate();
            at = end - inflater.getRemaining();
        }
        if (inflater.finished() && at < end) {
            if (trailer.size() + (end - at) > TRAILER) {
                throw new IOException("data after the gzip trailer");
            }
            trailer.write(bytes, at, end - at);
        }
    }

    private void inflate() throws IOException {
        try {
            int n;
            while ((n = inflater.inflate(inflated)) > 0) {
                decoded += n;
                if (decoded > limit) {
                    throw new IOException("decoded body beyond the limit of " + limit + " bytes");
                }
                crc.update(inflated, 0, n);
                out.write(inflated, 0, n);
            }
            if (inflater.needsDictionary()) {
                throw new IOException("a deflate stream that needs a preset dictionary");
            }
        } catch (DataFormatException e) {
            throw new IOException("invalid deflate data: " + e.getMessage(), e);
        }
    }

    /** The length of the complete header at the front of {@code bytes}, or -1 while it is incomplete. */
    private static int headerLength(byte[] bytes) throws IOException {
        if (bytes.length >= 3 && ((bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b || bytes[2] != 8)) {
            throw new IOException("not gzip data (magic number or method)");
        }
        if (bytes.length < 10) {
            return -1;
        }
        int flags = bytes[3] & 0xff;
        int at = 10;
        if ((flags & FEXTRA) != 0) {
            if (bytes.length < at + 2) {
                return -1;
            }
            at += 2 + ((bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8);
        }
        for (int zeroTerminated : new int[] {FNAME, FCOMMENT}) {
            if ((flags & zeroTerminated) != 0) {
                while (at < bytes.length && bytes[at] != 0) {
                    at++;
                }
                at++; // the terminating zero
            }
        }
        if ((flags & FHCRC) != 0) {
            at += 2;
        }
        return at <= bytes.length ? at : -1;
    }

    /** Checks that the member ended with a matching trailer, then closes {@code out}. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!inflater.finished() || trailer.size() != TRAILER) {
                throw new IOException("truncated gzip data");
            }
            byte[] t = trailer.toByteArray();
            long expectedCrc = littleEndian(t, 0);
            long expectedSize = littleEndian(t, 4);
            if (expectedCrc != crc.getValue() || expectedSize != (decoded & 0xffffffffL)) {
                throw new IOException("gzip trailer does not match the data (CRC-32 or length)");
            }
        } finally {
            inflater.end();
            out.close();
        }
    }

    private static long littleEndian(byte[] bytes, int at) {
        return (bytes[at] & 0xffL) | (bytes[at + 1] & 0xffL) << 8 | (bytes[at + 2] & 0xffL) << 16
                | (bytes[at + 3] & 0xffL) << 24;
    }
}
