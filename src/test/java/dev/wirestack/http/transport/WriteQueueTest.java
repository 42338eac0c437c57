package dev.wirestack.http.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteQueueTest {
    /** Records each write; takes at most {@code window} bytes per call. */
    private static final class Recording implements Connection {
        final List<String> writes = new ArrayList<>();
        int window = Integer.MAX_VALUE;

        @Override
        public int write(byte[] data, int offset, int length) {
            int taken = Math.min(window, length);
            writes.add(new String(data, offset, taken, StandardCharsets.US_ASCII));
            return taken;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            return 0;
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
        public void listener(Listener listener) {
        }

        @Override
        public EventLoop loop() {
            throw new UnsupportedOperationException("a write queue never asks");
        }

        @Override
        public String remoteAddress() {
            return "test";
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void whatIsAddedBetweenFlushesLeavesInOneWrite() {
        Recording connection = new Recording();
        WriteQueue queue = new WriteQueue(connection);

        queue.add(ascii("head "));
        queue.add(ascii(""));
        queue.add(ascii("body "));
        queue.add(ascii("xxend"), 2, 3);

        assertThat(queue.flush()).isTrue();
        assertThat(connection.writes).containsExactly("head body end");
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.flush()).isTrue();
        assertThat(connection.writes).hasSize(1);
    }

    @Test
    void aShortWriteKeepsTheRestInOrderWithWhatIsAddedLater() {
        Recording connection = new Recording();
        WriteQueue queue = new WriteQueue(connection);
        connection.window = 4;

        queue.add(ascii("abcdefgh"));
        assertThat(queue.flush()).isFalse();
        assertThat(queue.size()).isEqualTo(4);
        queue.add(ascii("ij"));
        connection.window = Integer.MAX_VALUE;

        assertThat(queue.flush()).isTrue();
        assertThat(connection.writes).containsExactly("abcd", "efghij");
    }

    @Test
    void aLargeWriteGrowsTheBufferAndArrivesWhole() {
        Recording connection = new Recording();
        WriteQueue queue = new WriteQueue(connection);
        String big = "x".repeat(200_000);

        queue.add(ascii("a"));
        queue.add(ascii(big));
        queue.flush();
        queue.add(ascii("after"));
        queue.flush();

        assertThat(connection.writes).containsExactly("a" + big, "after");
    }
}
