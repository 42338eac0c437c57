package dev.wirestack.sim;

import java.time.Duration;

/**
 * What one direction of a simulated link does to the frames it carries: bandwidth, propagation delay, a drop-tail
 * queue, and seeded impairments. Immutable; each wither returns a changed copy, so specs read as a sentence:
 * {@code LinkSpec.ethernet100M().delay(Duration.ofMillis(1)).loss(0.05)}.
 *
 * @param bitsPerSecond     the serialisation rate; {@link #UNLIMITED} (0) sends a frame in no time
 * @param delayNanos        the propagation delay
 * @param queuePackets      how many frames may wait for the wire (the frame being sent does not count)
 * @param queueBytes        how many bytes may wait for the wire
 * @param loss              the probability that a frame is lost on the wire
 * @param duplication       the probability that a frame arrives twice
 * @param reorder           the probability that a frame is held back by {@code reorderDelayNanos}, letting later
 *                          frames overtake it
 * @param reorderDelayNanos the extra delay of a reordered frame
 * @param corruption        the probability that one random bit of the frame, FCS included, is flipped
 */
public record LinkSpec(long bitsPerSecond, long delayNanos, int queuePackets, long queueBytes, double loss,
                       double duplication, double reorder, long reorderDelayNanos, double corruption) {

    /** A bandwidth of 0 means the link has no bandwidth limit. */
    public static final long UNLIMITED = 0;

    /** Linux's default transmit queue length (txqueuelen). */
    public static final int DEFAULT_QUEUE_PACKETS = 1000;

    public LinkSpec {
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth must be >= 0 bit/s (0 = unlimited): " + bitsPerSecond);
        }
        if (delayNanos < 0 || reorderDelayNanos < 0) {
            throw new IllegalArgumentException("delays must be >= 0");
        }
        if (queuePackets < 0 || queueBytes < 0) {
            throw new IllegalArgumentException("queue limits must be >= 0");
        }
        requireProbability("loss", loss);
        requireProbability("duplication", duplication);
        requireProbability("reorder", reorder);
        requireProbability("corruption", corruption);
    }

    /** A perfect link: no bandwidth limit, no delay, no impairment, the default queue. */
    public static LinkSpec ideal() {
        return new LinkSpec(UNLIMITED, 0, DEFAULT_QUEUE_PACKETS, Long.MAX_VALUE, 0, 0, 0, 0, 0);
    }

    public static LinkSpec ethernet10M() {
        return ideal().bandwidth(10_000_000);
    }

    public static LinkSpec ethernet100M() {
        return ideal().bandwidth(100_000_000);
    }

    public static LinkSpec ethernet1G() {
        return ideal().bandwidth(1_000_000_000);
    }

    public LinkSpec bandwidth(long newBitsPerSecond) {
        return new LinkSpec(newBitsPerSecond, delayNanos, queuePackets, queueBytes, loss, duplication, reorder,
                reorderDelayNanos, corruption);
    }

    public LinkSpec delay(Duration delay) {
        return new LinkSpec(bitsPerSecond, delay.toNanos(), queuePackets, queueBytes, loss, duplication, reorder,
                reorderDelayNanos, corruption);
    }

    /** A queue limited to {@code packets} waiting frames (and no byte limit). */
    public LinkSpec queuePackets(int packets) {
        return new LinkSpec(bitsPerSecond, delayNanos, packets, Long.MAX_VALUE, loss, duplication, reorder,
                reorderDelayNanos, corruption);
    }

    /** A queue limited to {@code bytes} of waiting frames (and no packet limit). */
    public LinkSpec queueBytes(long bytes) {
        return new LinkSpec(bitsPerSecond, delayNanos, Integer.MAX_VALUE, bytes, loss, duplication, reorder,
                reorderDelayNanos, corruption);
    }

    public LinkSpec loss(double probability) {
        return new LinkSpec(bitsPerSecond, delayNanos, queuePackets, queueBytes, probability, duplication, reorder,
                reorderDelayNanos, corruption);
    }

    public LinkSpec duplicate(double probability) {
        return new LinkSpec(bitsPerSecond, delayNanos, queuePackets, queueBytes, loss, probability, reorder,
                reorderDelayNanos, corruption);
    }

    public LinkSpec reorder(double probability, Duration extraDelay) {
        return new LinkSpec(bitsPerSecond, delayNanos, queuePackets, queueBytes, loss, duplication, probability,
                extraDelay.toNanos(), corruption);
    }

    public LinkSpec corrupt(double probability) {
        return new LinkSpec(bitsPerSecond, delayNanos, queuePackets, queueBytes, loss, duplication, reorder,
                reorderDelayNanos, probability);
    }

    /**
     * How long the frame takes to put on the wire, rounded up to a whole nanosecond. Counts the frame as the node
     * hands it over (no preamble, FCS or inter-frame gap), so a 1500-byte frame at 10 Mbit/s takes exactly 1.2 ms.
     */
    public long serialisationNanos(int frameBytes) {
        if (bitsPerSecond == UNLIMITED) {
            return 0;
        }
        return Math.ceilDiv(Math.multiplyExact(frameBytes * 8L, 1_000_000_000L), bitsPerSecond);
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1]: " + p);
        }
    }
}
