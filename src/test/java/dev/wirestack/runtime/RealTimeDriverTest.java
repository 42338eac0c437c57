package dev.wirestack.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirestack.link.NetworkNode;
import dev.wirestack.wire.PcapReader;
import dev.wirestack.wire.PcapRecord;
import dev.wirestack.wire.PcapWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event loop against an in-memory device and a node that echoes frames: what it hands the node, what it writes,
 * on which thread, and how it ends. The loop runs in real time, so each test waits for an outcome (bounded), never
 * for a span of time.
 */
class RealTimeDriverTest {
    private static final long WAIT_SECONDS = 10;

    private final MemoryDevice device = new MemoryDevice();
    private final EchoNode node = new EchoNode();
    private RealTimeDriver driver;

    @AfterEach
    void stopDriver() throws InterruptedException {
        if (driver != null) {
            driver.stop();
        }
    }

    @Test
    void aFrameFromTheDeviceReachesTheNodeOnPort0_andItsAnswerReachesTheDevice() throws Exception {
        driver = start(null);

        device.arrive(new byte[] {1, 2, 3});

        assertThat(device.nextSent()).containsExactly(1, 2, 3);
        assertThat(node.ports).containsExactly(0);
    }

    @Test
    void framesThatArriveTogetherAreAllAnswered_inOrder_andFlushed() throws Exception {
        device.arrive(new byte[] {1});
        device.arrive(new byte[] {2});
        device.arrive(new byte[] {3});
        driver = start(null);

        assertThat(device.nextSent()).containsExactly(1);
        assertThat(device.nextSent()).containsExactly(2);
        assertThat(device.nextSent()).containsExactly(3);
    }

    @Test
    void handedOverWorkRunsOnTheLoopThread_inOrder() throws Exception {
        driver = start(null);
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();

        driver.execute(() -> ran.add("first on loop: " + driver.isLoopThread()));
        driver.execute(() -> ran.add("second"));
        driver.execute(() -> done.complete(null));

        done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("first on loop: true", "second");
        assertThat(driver.isLoopThread()).isFalse();
    }

    @Test
    void scheduledTasksRunInDeadlineOrder_notBeforeTheirDelay() throws Exception {
        driver = start(null);
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Long> scheduledAt = new CompletableFuture<>();
        CompletableFuture<Long> lateRanAt = new CompletableFuture<>();

        driver.execute(() -> {
            scheduledAt.complete(driver.now());
            driver.schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> {
                ran.add("late");
                lateRanAt.complete(driver.now());
            });
            driver.schedule(0, () -> ran.add("early"));
        });

        long late = lateRanAt.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(ran).containsExactly("early", "late");
        assertThat(late - scheduledAt.get()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
        assertThatThrownBy(() -> driver.schedule(0, () -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("loop thread");
    }

    @Test
    void theNodesTimerRunsOnceItsDeadlineHasPassed() throws Exception {
        long deadline = TimeUnit.MILLISECONDS.toNanos(30);
        node.deadline = deadline;
        driver = start(null);

        long firedAt = node.timeout.get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(firedAt).isGreaterThanOrEqualTo(deadline);
    }

    @Test
    void stopClosesTheDevice_andTheCaptureHoldsBothDirections() throws Exception {
        ByteArrayOutputStream pcap = new ByteArrayOutputStream();
        driver = start(new PcapWriter(pcap));
        device.arrive(new byte[] {9, 8, 7});
        device.nextSent();

        driver.stop();

        assertThat(device.closed).isTrue();
        List<PcapRecord> records = new PcapReader(new ByteArrayInputStream(pcap.toByteArray())).readAll();
        assertThat(records).extracting(PcapRecord::frame).containsExactly(new byte[] {9, 8, 7}, new byte[] {9, 8, 7});
        assertThat(records.get(1).timeNanos()).isGreaterThanOrEqualTo(records.get(0).timeNanos());
        assertThat(driver.failure()).isNull();
    }

    @Test
    void aTaskThatThrowsEndsTheLoop_andIsItsFailure() throws Exception {
        driver = start(null);

        driver.execute(() -> {
            throw new IllegalStateException("broken task");
        });

        assertThat(driver.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(driver.failure()).hasMessage("broken task");
        assertThat(device.closed).isTrue();
    }

    private RealTimeDriver start(PcapWriter capture) {
        RealTimeDriver started = new RealTimeDriver(node, device, capture);
        started.start();
        return started;
    }

    /** A node that sends every frame back as it came, and records a timer's firing. */
    private static final class EchoNode implements NetworkNode {
        final List<Integer> ports = new CopyOnWriteArrayList<>();
        final CompletableFuture<Long> timeout = new CompletableFuture<>();
        final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
        volatile long deadline = Long.MAX_VALUE;

        @Override
        public void receiveFrame(long nowNanos, int port, byte[] frame) {
            ports.add(port);
            outbound.add(frame);
        }

        @Override
        public Transmission pollTransmit(long nowNanos) {
            byte[] frame = outbound.poll();
            return frame == null ? null : new Transmission(0, frame);
        }

        @Override
        public long nextDeadline() {
            return deadline;
        }

        @Override
        public void onTimeout(long nowNanos) {
            deadline = Long.MAX_VALUE;
            timeout.complete(nowNanos);
        }
    }

    /**
     * Frames in from the test, frames out to the test once flushed (as a TAP's writer holds them until then); await
     * sleeps until a frame or a wake-up.
     */
    private static final class MemoryDevice implements FrameDevice {
        private final ConcurrentLinkedQueue<byte[]> inbound = new ConcurrentLinkedQueue<>();
        private final List<CompletableFuture<byte[]>> sent = new ArrayList<>();
        private final Semaphore signals = new Semaphore(0);
        private final List<byte[]> unflushed = new ArrayList<>();
        private int nextToRead;
        private int written;
        volatile boolean closed;

        void arrive(byte[] frame) {
            inbound.add(frame);
            signals.release();
        }

        /** The next frame the driver sent, in order. */
        byte[] nextSent() throws Exception {
            return slot(nextToRead++).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        private synchronized CompletableFuture<byte[]> slot(int index) {
            while (sent.size() <= index) {
                sent.add(new CompletableFuture<>());
            }
            return sent.get(index);
        }

        @Override
        public byte[] receive() {
            return inbound.poll();
        }

        @Override
        public void send(byte[] frame) {
            unflushed.add(frame);
        }

        @Override
        public void flush() {
            for (byte[] frame : unflushed) {
                slot(written++).complete(frame);
            }
            unflushed.clear();
        }

        @Override
        public void await(long timeoutNanos) throws InterruptedIOException {
            try {
                signals.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS);
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
