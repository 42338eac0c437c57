package dev.wirestack.runtime;

import java.io.InterruptedIOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cable between two {@link FrameDevice}s in memory: what one end sends, the other receives, in order, at once.
 * Each end belongs to the loop of one {@link RealTimeDriver}, so two hosts in one JVM talk in real time without
 * root or a TAP.
 */
final class MemoryWire {
    /** Frames in flight one way, at most; beyond, frames are lost, as on a full link. */
    private static final int CAPACITY = 65_536;

    final End left = new End();
    final End right = new End();

    MemoryWire() {
        left.peer = right;
        right.peer = left;
    }

    static final class End implements FrameDevice {
        private final ConcurrentLinkedQueue<byte[]> inbox = new ConcurrentLinkedQueue<>();
        private final AtomicInteger queued = new AtomicInteger();
        private final Semaphore signals = new Semaphore(0);
        private End peer;
        volatile boolean closed;

        @Override
        public byte[] receive() {
            byte[] frame = inbox.poll();
            if (frame != null) {
                queued.decrementAndGet();
            }
            return frame;
        }

        @Override
        public void send(byte[] frame) {
            if (peer.queued.incrementAndGet() <= CAPACITY) {
                peer.inbox.add(frame.clone());
                peer.signals.release();
            } else {
                peer.queued.decrementAndGet();
            }
        }

        @Override
        public void await(long timeoutNanos) throws InterruptedIOException {
            try {
                if (inbox.isEmpty()) {
                    signals.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
                }
                signals.drainPermits();
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        }

        @Override
        public void wakeUp() {
            signals.release();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
