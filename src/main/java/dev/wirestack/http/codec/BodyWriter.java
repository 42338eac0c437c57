package dev.wirestack.http.codec;

import java.nio.charset.StandardCharsets;

/** Frames the body this side sends, as its head announced, and refuses data that would break that framing. */
interface BodyWriter {
    /** What ends a body that is not chunked: nothing. Shared: an empty array cannot be changed. */
    byte[] NOTHING = new byte[0];

    byte[] data(byte[] bytes);

    byte[] end(Headers trailers);

    static BodyWriter of(Framing framing) {
        return switch (framing) {
            case Framing.NoBody n -> LengthWriter.NONE;
            case Framing.Length l -> new LengthWriter(l.bytes());
            case Framing.Chunked c -> new ChunkedWriter();
            case Framing.UntilClose u -> new UntilCloseWriter();
        };
    }

    final class LengthWriter implements BodyWriter {
        /** For a message without a body: shared, since it refuses every byte and so never changes. */
        static final LengthWriter NONE = new LengthWriter(0);

        private final long length;
        private long sent;

        LengthWriter(long length) {
            this.length = length;
        }

        @Override
        public byte[] data(byte[] bytes) {
            if (sent + bytes.length > length) {
                throw new LocalProtocolError("sending " + (sent + bytes.length) + " body bytes, more than the "
                        + length + " announced");
            }
            sent += bytes.length;
            return bytes.clone();
        }

        @Override
        public byte[] end(Headers trailers) {
            if (sent != length) {
                throw new LocalProtocolError("ending a body after " + sent + " of the " + length + " bytes announced");
            }
            if (!trailers.isEmpty()) {
                throw new LocalProtocolError("trailers need the chunked coding");
            }
            return NOTHING;
        }
    }

    final class ChunkedWriter implements BodyWriter {
        @Override
        public byte[] data(byte[] bytes) {
            if (bytes.length == 0) {
                return bytes; // an empty chunk would be the last chunk
            }
            byte[] size = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] framed = new byte[size.length + bytes.length + 2];
            System.arraycopy(size, 0, framed, 0, size.length);
            System.arraycopy(bytes, 0, framed, size.length, bytes.length);
            framed[framed.length - 2] = '\r';
            framed[framed.length - 1] = '\n';
            return framed;
        }

        @Override
        public byte[] end(Headers trailers) {
            byte[] out = new byte[3 + HeadWriter.fieldsLength(trailers) + 2];
            out[0] = '0';
            out[1] = '\r';
            out[2] = '\n';
            int at = HeadWriter.writeFields(out, 3, trailers);
            out[at] = '\r';
            out[at + 1] = '\n';
            return out;
        }
    }

    final class UntilCloseWriter implements BodyWriter {
        @Override
        public byte[] data(byte[] bytes) {
            return bytes.clone();
        }

        @Override
        public byte[] end(Headers trailers) {
            if (!trailers.isEmpty()) {
                throw new LocalProtocolError("trailers need the chunked coding");
            }
            return NOTHING;
        }
    }
}
