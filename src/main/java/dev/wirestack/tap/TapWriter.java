package dev.wirestack.tap;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread that writes a TAP's outgoing frames, so that the kernel's work inside write() runs on another core than
 * the event loop. That work is large: write() on a TAP runs the kernel's whole receive path for the frame (IP, TCP,
 * the socket's wake-up, and often the kernel's own answer, queued back to the TAP) before it returns, and it took
 * about 60% of the loop thread when the loop wrote frames itself.
 *
 * <p>The loop hands frames over through a {@link FrameRing} (one producer, one consumer, no locks, no allocation).
 * When the ring is full the loop waits for a free slot: back-pressure, as a NIC's full transmit ring stops a driver,
 * not a silent drop. The writer spins briefly when the ring runs empty, then parks until the loop signals it.
 *
 * <p>A write the kernel refuses because the interface is down (EIO) or its queue is full (EAGAIN) is a frame lost,
 * as on a wire; any other error ends the writer, and the loop's next {@link #send} reports it.
 */
final class TapWriter {
    /** Slots of the hand-over ring: a few milliseconds of frames at full speed. */
    static final int RING_SLOTS = 1024;
    /**
     * Frames put in the ring before they are published even without a {@link #flush}: about one merged write's worth
     * (64 KiB of 1500-byte frames), so the writer starts on a long burst early.
     */
    private static final int PUBLISH_BATCH = 64;
    /** Empty polls before the writer parks: a few microseconds, less than a park and unpark cost. */
    private static final int SPINS_BEFORE_PARK = 256;
    /** How long the producer sleeps at most when the ring is full; the writer unparks it as soon as a slot frees. */
    private static final long FULL_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long {@link #close} waits for the writer to empty the ring (writes never block: the fd is non-blocking). */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final int fd;
    private final String name;
    private final FrameRing ring = new FrameRing(RING_SLOTS);
    /** With offloads (IFF_VNET_HDR): merges segments and writes the virtio-net header; null without. */
    private final SegmentCoalescer coalescer;
    private final Thread thread;
    /** On the writer thread: a frame taken from the ring that did not merge with the write before it. */
    private byte[] carried;
    private volatile boolean writerParked;
    /** The producer thread while it waits for a free slot, else null. */
    private volatile Thread waitingProducer;
    private volatile boolean closing;
    private volatile TapException failure;

    /**
     * A writer for {@code fd}; with {@code offload}, the fd was opened with IFF_VNET_HDR and TUN_F_TSO4, and the
     * kernel cuts large segments into datagrams of the TAP's {@code mtu}.
     */
    TapWriter(int fd, String name, boolean offload, int mtu) {
        this.fd = fd;
        this.name = name;
        this.coalescer = offload ? new SegmentCoalescer(mtu) : null;
        this.thread = Thread.ofPlatform().name("wirestack-tap-writer-" + name).daemon().unstarted(this::run);
        thread.start();
    }

    /**
     * Hands one frame to the writer, which sees it after the next {@link #flush} (or once enough frames wait). The
     * array is written later, on the writer's thread: the caller must not change it after. Waits while the ring is
     * full.
     *
     * @throws TapException when an earlier write failed, or the writer has ended
     */
    void send(byte[] frame) throws TapException {
        while (!ring.offer(frame)) {
            flush();
            awaitFreeSlot();
        }
        if (ring.unpublished() >= PUBLISH_BATCH) {
            flush();
        }
    }

    /** Lets the writer see the frames handed over, and wakes it if it sleeps. */
    void flush() {
        ring.publish();
        if (writerParked) {
            LockSupport.unpark(thread);
        }
    }

    /** Throws the writer's failure, if it had one. */
    void checkFailure() throws TapException {
        TapException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Lets the writer put every frame handed over on the wire, then ends it; after this the fd may be closed.
     * Idempotent.
     */
    void close() {
        flush();
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(DRAIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitFreeSlot() throws TapException {
        checkFailure();
        if (!thread.isAlive()) {
            throw new TapException(TapException.Kind.SYSTEM_ERROR, "the writer of " + name + " has ended");
        }
        waitingProducer = Thread.currentThread();
        if (ring.isFull()) {
            LockSupport.parkNanos(this, FULL_WAIT_NANOS);
        }
        waitingProducer = null;
    }

    private void run() {
        int idle = 0;
        while (true) {
            byte[] frame = carried != null ? carried : ring.poll();
            carried = null;
            if (frame != null) {
                idle = 0;
                if (!(coalescer == null ? write(frame, frame.length) : writeCoalesced(frame))) {
                    return;
                }
                Thread producer = waitingProducer;
                if (producer != null) {
                    LockSupport.unpark(producer);
                }
            } else if (closing) {
                // Looked at after closing was seen: every frame handed over before close() is visible here.
                if (ring.isEmpty()) {
                    return;
                }
            } else if (idle < SPINS_BEFORE_PARK) {
                idle++;
                Thread.onSpinWait();
            } else {
                writerParked = true;
                // The loop publishes a frame, then reads writerParked; this thread sets writerParked, then looks at
                // the ring: one of the two sees the other's write, so no frame waits for a wake-up that never comes.
                if (ring.isEmpty() && !closing) {
                    LockSupport.park(this);
                }
                writerParked = false;
                idle = 0;
            }
        }
    }

    /**
     * Writes {@code first} merged with the frames waiting behind it that continue the same TCP stream (never waiting
     * for more: a lone frame goes at once); the first that does not merge is carried to the next write.
     */
    private boolean writeCoalesced(byte[] first) {
        coalescer.start(first);
        byte[] next;
        while (coalescer.isOpen() && (next = ring.poll()) != null) {
            if (!coalescer.tryAppend(next)) {
                carried = next;
                break;
            }
        }
        return write(coalescer.buffer(), coalescer.finish());
    }

    /** Writes one frame; false when the device failed (the failure is kept for the loop). */
    private boolean write(byte[] frame, int length) {
        long written = Libc.write(fd, frame, length);
        if (written >= 0 || written == -Libc.EIO || written == -Libc.EAGAIN || written == -Libc.EINTR) {
            return true;
        }
        failure = written == -Libc.EBADFD
                ? new TapException(TapException.Kind.NO_SUCH_INTERFACE, "interface " + name + " was deleted")
                : new TapException(TapException.Kind.SYSTEM_ERROR, "writing to " + name + " failed: "
                        + Libc.strerror((int) -written));
        return false;
    }
}
