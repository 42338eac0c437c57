package dev.wirestack.http.codec;

/** Turns the bytes of one message body into {@link HttpEvent.Data} and one {@link HttpEvent.EndOfMessage}. */
interface BodyReader {
    /** The next event from {@code buffer}, or null until more bytes arrive. */
    HttpEvent read(ReceiveBuffer buffer);

    /** The event at the end of the stream with the buffer drained: the end of the body, or an error. */
    HttpEvent readEof();

    static BodyReader of(Framing framing, HttpLimits limits) {
        return switch (framing) {
            case Framing.NoBody n -> LengthReader.NONE;
            case Framing.Length l -> new LengthReader(l.bytes());
            case Framing.Chunked c -> new ChunkedReader(limits);
            case Framing.UntilClose u -> new UntilCloseReader(limits.maxBodyBytes());
        };
    }

    /** Exactly so many bytes (RFC 9112 section 6.2). */
    final class LengthReader implements BodyReader {
        /** For a message without a body: shared, since with nothing to read it never changes. */
        static final LengthReader NONE = new LengthReader(0);

        private long remaining;

        LengthReader(long length) {
            this.remaining = length;
        }

        @Override
        public HttpEvent read(ReceiveBuffer buffer) {
            if (remaining == 0) {
                return HttpEvent.EndOfMessage.NO_TRAILERS;
            }
            if (buffer.isEmpty()) {
                return null;
            }
            int count = (int) Math.min(remaining, buffer.size());
            remaining -= count;
            return new HttpEvent.Data(buffer.take(count));
        }

        @Override
        public HttpEvent readEof() {
            throw new RemoteProtocolError(400, "the connection closed with " + remaining + " body bytes missing");
        }
    }

    /** Whatever comes until the connection closes (RFC 9112 section 6.3, item 8: responses only). */
    final class UntilCloseReader implements BodyReader {
        private final long maxBytes;
        private long received;

        UntilCloseReader(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public HttpEvent read(ReceiveBuffer buffer) {
            if (buffer.isEmpty()) {
                return null;
            }
            received += buffer.size();
            if (received > maxBytes) {
                throw new RemoteProtocolError(502, "a body longer than the limit of " + maxBytes + " bytes");
            }
            return new HttpEvent.Data(buffer.take(buffer.size()));
        }

        @Override
        public HttpEvent readEof() {
            return HttpEvent.EndOfMessage.NO_TRAILERS;
        }
    }

    /** The chunked transfer coding with its trailer section (RFC 9112 section 7.1). */
    final class ChunkedReader implements BodyReader {
        private enum Part { SIZE_LINE, DATA, DATA_END, TRAILERS }

        private final HttpLimits limits;
        private Part part = Part.SIZE_LINE;
        private long chunkRemaining;
        private long total;
        private int searchedTo;

        ChunkedReader(HttpLimits limits) {
            this.limits = limits;
        }

        @Override
        public HttpEvent read(ReceiveBuffer buffer) {
            while (true) {
                switch (part) {
                    case SIZE_LINE -> {
                        if (!readSizeLine(buffer)) {
                            return null;
                        }
                    }
                    case DATA -> {
                        if (buffer.isEmpty()) {
                            return null;
                        }
                        int count = (int) Math.min(chunkRemaining, buffer.size());
                        chunkRemaining -= count;
                        if (chunkRemaining == 0) {
                            part = Part.DATA_END;
                        }
                        return new HttpEvent.Data(buffer.take(count));
                    }
                    case DATA_END -> {
                        int blank = FieldLines.blankLineLength(buffer, 0);
                        if (blank < 0) {
                            return null;
                        }
                        if (blank == 0) {
                            throw new RemoteProtocolError(400, "chunk data not followed by CRLF");
                        }
                        buffer.skip(blank);
                        part = Part.SIZE_LINE;
                    }
                    case TRAILERS -> {
                        return readTrailers(buffer);
                    }
                }
            }
        }

        /** chunk-size [ chunk-ext ] CRLF; true once read. Extensions are bounded by the line limit and ignored. */
        private boolean readSizeLine(ReceiveBuffer buffer) {
            int lf = buffer.indexOf((byte) '\n', 0);
            if (lf < 0 ? buffer.size() > limits.maxChunkLine() : lf > limits.maxChunkLine()) {
                throw new RemoteProtocolError(400, "chunk-size line longer than " + limits.maxChunkLine() + " bytes");
            }
            if (lf < 0) {
                return false;
            }
            byte[] lineBytes = buffer.take(lf + 1);
            FieldLines.rejectBareCr(lineBytes);
            String line = FieldLines.text(lineBytes, 0, FieldLines.contentEnd(lineBytes, 0, lf));
            int digits = 0;
            long size = 0;
            while (digits < line.length() && Character.digit(line.charAt(digits), 16) >= 0
                    && line.charAt(digits) < 0x80) {
                if (digits == 15) {
                    throw new RemoteProtocolError(400, "chunk size too large");
                }
                size = size * 16 + Character.digit(line.charAt(digits), 16);
                digits++;
            }
            String rest = line.substring(digits);
            if (digits == 0 || !(rest.isEmpty() || FieldLines.stripOws(rest).startsWith(";"))) {
                throw new RemoteProtocolError(400, "malformed chunk-size line '" + FieldLines.printable(line) + "'");
            }
            total += size;
            if (total > limits.maxBodyBytes()) {
                throw new RemoteProtocolError(413, "a chunked body beyond the limit of " + limits.maxBodyBytes()
                        + " bytes");
            }
            chunkRemaining = size;
            part = size == 0 ? Part.TRAILERS : Part.DATA;
            return true;
        }

        private HttpEvent readTrailers(ReceiveBuffer buffer) {
            int end = FieldLines.endOfSection(buffer, 0, searchedTo);
            if ((end < 0 ? buffer.size() : end) > limits.maxHeaderSection() + 2) {
                throw new RemoteProtocolError(431, "trailer section larger than " + limits.maxHeaderSection()
                        + " bytes");
            }
            if (end < 0) {
                searchedTo = Math.max(0, buffer.size() - 2);
                return null;
            }
            byte[] section = buffer.take(end);
            FieldLines.rejectBareCr(section);
            return new HttpEvent.EndOfMessage(FieldLines.fields(section, 0, limits));
        }

        @Override
        public HttpEvent readEof() {
            throw new RemoteProtocolError(400, "the connection closed in the middle of a chunked body");
        }
    }
}
