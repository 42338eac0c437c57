package dev.wirestack.sim;

import dev.wirestack.trace.DropReason;

/** What happened to the frames offered to one direction of a link. Updated by the simulator, read by tests and reports. */
public final class LinkCounters {
    long framesSent;
    long bytesSent;
    long framesDelivered;
    long bytesDelivered;
    long droppedQueueFull;
    long droppedLoss;
    long droppedBadFcs;
    long duplicated;
    long reordered;
    long corrupted;

    /** Frames the sending node put on this direction (before any drop). */
    public long framesSent() {
        return framesSent;
    }

    public long bytesSent() {
        return bytesSent;
    }

    /** Frames handed to the receiving node (duplicates included). */
    public long framesDelivered() {
        return framesDelivered;
    }

    public long bytesDelivered() {
        return bytesDelivered;
    }

    /** Frames dropped for {@code reason}: only QUEUE_FULL, LINK_LOSS and BAD_FCS happen on a link. */
    public long dropped(DropReason reason) {
        return switch (reason) {
            case QUEUE_FULL -> droppedQueueFull;
            case LINK_LOSS -> droppedLoss;
            case BAD_FCS -> droppedBadFcs;
            default -> 0;
        };
    }

    public long framesDropped() {
        return droppedQueueFull + droppedLoss + droppedBadFcs;
    }

    /** Extra copies the link made. */
    public long duplicated() {
        return duplicated;
    }

    /** Frames held back so that later ones could overtake them. */
    public long reordered() {
        return reordered;
    }

    /** Frames with a flipped bit (each is then dropped as BAD_FCS by the receiver). */
    public long corrupted() {
        return corrupted;
    }

    @Override
    public String toString() {
        return "sent " + framesSent + " (" + bytesSent + " B), delivered " + framesDelivered + " (" + bytesDelivered
                + " B), dropped queue-full " + droppedQueueFull + " loss " + droppedLoss + " bad-fcs " + droppedBadFcs
                + ", duplicated " + duplicated + ", reordered " + reordered + ", corrupted " + corrupted;
    }
}
