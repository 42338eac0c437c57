package dev.wirestack.http.tls;

import dev.wirestack.http.transport.Connection;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.ManualLoop;

import java.io.ByteArrayOutputStream;

/**
 * Two in-memory {@link Connection}s joined back to back on a {@link ManualLoop}: each direction holds at most
 * {@code capacity} bytes (a short write beyond it, onWritable when the reader takes some), callbacks come from the
 * loop. Every byte written is also kept, so a test can look at the wire.
 */
final class MemoryPipe {
    final End a;
    final End b;
    private final ManualLoop loop;
    private final int capacity;

    MemoryPipe(ManualLoop loop, int capacity) {
        this.loop = loop;
        this.capacity = capacity;
        this.a = new End("a");
        this.b = new End("b");
        a.peer = b;
        b.peer = a;
    }

    final class End implements Connection {
        private final String name;
        private End peer;
        private final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
        private int readOffset;
        /** Everything this end wrote, in order. */
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private Listener listener;
        private boolean readInterest = true;
        private boolean inputEnded;
        private boolean outputShut;
        private boolean closed;
        private boolean writerBlocked;
        /** Whether this end's shutdown reaches the peer as an end of stream (off: only TLS can tell it). */
        boolean deliverEndOfStream = true;

        End(String name) {
            this.name = name;
        }

        private int buffered() {
            return inbound.size() - readOffset;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            int available = buffered();
            if (available == 0) {
                return inputEnded || closed ? -1 : 0;
            }
            int n = Math.min(length, available);
            System.arraycopy(inbound.toByteArray(), readOffset, into, offset, n);
            readOffset += n;
            if (readOffset == inbound.size()) {
                inbound.reset();
                readOffset = 0;
            }
            if (peer.writerBlocked) {
                peer.writerBlocked = false;
                loop.execute(() -> peer.notify(Listener::onWritable));
            }
            return n;
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            if (outputShut || closed || peer.closed) {
                return 0;
            }
            int n = Math.min(length, capacity - peer.buffered());
            if (n < length) {
                writerBlocked = true;
            }
            if (n > 0) {
                peer.inbound.write(data, offset, n);
                written.write(data, offset, n);
                loop.execute(peer::wake);
            }
            return n;
        }

        @Override
        public void shutdownOutput() {
            if (!outputShut) {
                outputShut = true;
                if (deliverEndOfStream) {
                    peer.inputEnded = true;
                    loop.execute(peer::wake);
                }
            }
        }

        @Override
        public void close() {
            shutdownOutput();
            finish(null);
        }

        @Override
        public void abort() {
            outputShut = true;
            finish("aborted");
            peer.finish("reset by " + name);
        }

        private void finish(String error) {
            if (!closed) {
                closed = true;
                loop.execute(() -> notify(l -> l.onClosed(error)));
            }
        }

        private void wake() {
            if (readInterest && !closed) {
                notify(Listener::onReadable);
            }
        }

        private void notify(java.util.function.Consumer<Listener> call) {
            if (listener != null) {
                call.accept(listener);
            }
        }

        @Override
        public void readInterest(boolean interested) {
            readInterest = interested;
            if (interested && (buffered() > 0 || inputEnded)) {
                loop.execute(this::wake);
            }
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
            return "memory:" + peer.name;
        }

        boolean isClosed() {
            return closed;
        }
    }
}
