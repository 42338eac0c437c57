package dev.wirestack.http.codec;

/**
 * The bounds on what a connection accepts from its peer, so that no input grows memory without bound (as Netty's
 * HttpDecoderConfig and h11's max_incomplete_event_size do).
 *
 * @param maxStartLine      the request line (beyond: 414) or status line, in bytes, line ending excluded
 * @param maxHeaderSection  the header fields after the start line, or the trailer section, in bytes (beyond: 431)
 * @param maxHeaderCount    the number of header fields (beyond: 431)
 * @param maxBodyBytes      a message body, declared or counted (beyond: 413)
 * @param maxChunkLine      a chunk-size line with its extensions, in bytes (beyond: 400)
 */
public record HttpLimits(int maxStartLine, int maxHeaderSection, int maxHeaderCount, long maxBodyBytes,
                         int maxChunkLine) {
    public static final HttpLimits DEFAULT = new HttpLimits(8192, 16384, 100, 64L << 20, 1024);

    public HttpLimits {
        if (maxStartLine < 16 || maxHeaderSection < 0 || maxHeaderCount < 0 || maxBodyBytes < 0 || maxChunkLine < 8) {
            throw new IllegalArgumentException("limits too small: " + maxStartLine + ", " + maxHeaderSection + ", "
                    + maxHeaderCount + ", " + maxBodyBytes + ", " + maxChunkLine);
        }
    }

    public HttpLimits withMaxBodyBytes(long bytes) {
        return new HttpLimits(maxStartLine, maxHeaderSection, maxHeaderCount, bytes, maxChunkLine);
    }
}
