package dev.wirestack.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GunzipOutputStreamTest {
    private static final byte[] TEXT = "streamed and decoded, piece by piece\n".repeat(500)
            .getBytes(StandardCharsets.US_ASCII);

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Writes {@code encoded} in pieces of {@code piece} bytes and closes; returns what came out. */
    private static byte[] decode(byte[] encoded, int piece, long limit) throws IOException {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        try (GunzipOutputStream gunzip = new GunzipOutputStream(decoded, limit)) {
            for (int at = 0; at < encoded.length; at += piece) {
                gunzip.write(encoded, at, Math.min(piece, encoded.length - at));
            }
        }
        return decoded.toByteArray();
    }

    @Test
    void decodesWhateverTheSizeOfThePiecesWritten() throws IOException {
        byte[] encoded = gzip(TEXT);
        for (int piece : new int[] {1, 2, 7, 10, 11, 100, 4096, encoded.length}) {
            assertThat(decode(encoded, piece, Long.MAX_VALUE)).as("pieces of %d", piece).isEqualTo(TEXT);
        }
    }

    @Test
    void aHeaderWithExtraFieldNameCommentAndHeaderCrcIsSkipped() throws IOException {
        byte[] plain = gzip(TEXT);
        byte[] deflate = Arrays.copyOfRange(plain, 10, plain.length);
        ByteArrayOutputStream withFields = new ByteArrayOutputStream();
        withFields.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
        withFields.write(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA: 3 bytes
        withFields.writeBytes("name.txt\0".getBytes(StandardCharsets.US_ASCII));
        withFields.writeBytes("a comment\0".getBytes(StandardCharsets.US_ASCII));
        withFields.write(new byte[] {0, 0}); // FHCRC (not checked: optional)
        withFields.writeBytes(deflate);

        assertThat(decode(withFields.toByteArray(), 3, Long.MAX_VALUE)).isEqualTo(TEXT);
    }

    @Test
    void truncatedOrCorruptedOrOverlongDataIsRefused() throws IOException {
        byte[] encoded = gzip(TEXT);
        byte[] truncated = Arrays.copyOf(encoded, encoded.length - 3);
        byte[] badCrc = encoded.clone();
        badCrc[encoded.length - 8] ^= 1;
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        byte[] notGzip = "plain text, not gzip".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> decode(truncated, 100, Long.MAX_VALUE)).hasMessageContaining("truncated");
        assertThatThrownBy(() -> decode(badCrc, 100, Long.MAX_VALUE)).hasMessageContaining("CRC-32");
        assertThatThrownBy(() -> decode(trailing, 100, Long.MAX_VALUE)).hasMessageContaining("after the gzip trailer");
        assertThatThrownBy(() -> decode(notGzip, 100, Long.MAX_VALUE)).hasMessageContaining("not gzip");
        assertThatThrownBy(() -> decode(encoded, 100, TEXT.length - 1)).hasMessageContaining("beyond the limit");
    }
}
