package dev.wirestack.tcp;

import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpOptions.SackBlock;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The receive side of a connection (gVisor's {@code receiver}): RCV.NXT and RCV.WND over a {@link ReceiveReassembler},
 * the window we announce with receiver-side silly window syndrome avoidance, the peer's FIN, and when to ACK.
 */
final class Receiver {
    /** Out-of-order blocks held at once: more than the 3 or 4 a SACK option can report (RFC 2018 section 3). */
    private static final int MAX_OUT_OF_ORDER_BLOCKS = 32;

    private final ReceiveReassembler reassembler;
    private final int bufferBytes;
    private int windowShift;
    private int receiveMss;
    /** The right edge we announced last: RCV.NXT + RCV.WND at our last segment (never moves left, RFC 9293 3.8.6). */
    private SeqNum announcedEdge;
    /** Sequence number of the peer's FIN once seen, even ahead of a hole; null before. */
    private SeqNum finSeq;
    private boolean finReceived;
    /** In-order bytes received since our last ACK, for "every second full-sized segment" (RFC 5681 4.2). */
    private long unackedBytes;
    /** The receive urgent pointer RCV.UP (RFC 9293 3.10.7.4 sixth), or null when no urgent data was signalled. */
    private SeqNum urgentPointer;

    /** @param irs the peer's initial sequence number, from its SYN */
    Receiver(SeqNum irs, int bufferBytes, int receiveMss) {
        this.reassembler = new ReceiveReassembler(irs.plus(1), bufferBytes, MAX_OUT_OF_ORDER_BLOCKS);
        this.bufferBytes = bufferBytes;
        this.receiveMss = receiveMss;
        this.announcedEdge = irs.plus(1).plus(Math.min(bufferBytes, 0xffff));
    }

    void setOptions(NegotiatedOptions options) {
        this.windowShift = options.receiveWindowShift();
        this.receiveMss = options.receiveMss() - (options.timestamps() ? NegotiatedOptions.TIMESTAMPS_LENGTH : 0);
    }

    /** RCV.NXT: the next sequence number expected, the peer's FIN included once it is in order. */
    SeqNum rcvNxt() {
        return finReceived ? reassembler.rcvNxt().plus(1) : reassembler.rcvNxt();
    }

    /**
     * RCV.WND as announced: what the acceptability test of RFC 9293 section 3.10.7.4 uses. It counts from the last
     * data byte, so the peer's FIN does not shrink it (as Linux announces it).
     */
    int rcvWnd() {
        return Math.max(0, announcedEdge.minus(reassembler.rcvNxt()));
    }

    /** What happened to a segment's text. */
    enum TextResult {
        /** New bytes became readable in order. */
        IN_ORDER,
        /** New in-order bytes that also filled a hole: ACK at once (RFC 5681 section 4.2). */
        FILLED_HOLE,
        /** Held beyond a hole, or dropped: ACK at once, with SACK blocks (RFC 5681 section 4.2). */
        OUT_OF_ORDER,
        /** Nothing new: a duplicate. ACK at once so the sender learns where we are. */
        DUPLICATE
    }

    /** Stores segment text from {@code seq} (RFC 9293 section 3.10.7.4 seventh). */
    TextResult acceptText(SeqNum seq, MemorySegment payload) {
        boolean hadHoles = reassembler.blockCount() > 0;
        ReceiveReassembler.Outcome outcome = reassembler.add(seq, payload);
        return switch (outcome) {
            case ReceiveReassembler.Advanced advanced -> {
                unackedBytes += advanced.bytes();
                yield hadHoles ? TextResult.FILLED_HOLE : TextResult.IN_ORDER;
            }
            case ReceiveReassembler.Held held -> held == ReceiveReassembler.Held.OUT_OF_ORDER
                    ? TextResult.OUT_OF_ORDER : TextResult.DUPLICATE;
            case ReceiveReassembler.Dropped ignored -> TextResult.OUT_OF_ORDER;
        };
    }

    /** Whether enough has arrived since our last ACK that one is due now: two full-sized segments (RFC 5681 4.2). */
    boolean ackDueForData() {
        return unackedBytes >= 2L * receiveMss;
    }

    /**
     * Notes the peer's FIN at {@code seq} (RFC 9293 section 3.10.7.4 eighth) and reports whether it is in order now:
     * a FIN beyond a hole waits for the hole to fill, like the data before it.
     */
    boolean noteFin(SeqNum seq) {
        if (finSeq == null && seq.ge(reassembler.rcvNxt())) {
            finSeq = seq;
        }
        return finInOrder();
    }

    /** Takes the FIN into RCV.NXT when every byte before it has arrived; true the first time that happens. */
    boolean finInOrder() {
        if (!finReceived && finSeq != null && finSeq.equals(reassembler.rcvNxt())) {
            finReceived = true;
            return true;
        }
        return false;
    }

    boolean finReceived() {
        return finReceived;
    }

    /** RFC 6093: the urgent pointer is only remembered; urgent bytes are delivered inline with the rest. */
    void noteUrgent(SeqNum pointer) {
        if (urgentPointer == null || pointer.gt(urgentPointer)) {
            urgentPointer = pointer;
        }
    }

    SeqNum urgentPointer() {
        return urgentPointer;
    }

    int read(byte[] into, int offset, int length) {
        return reassembler.read(into, offset, length);
    }

    int readable() {
        return (int) reassembler.readable();
    }

    /** The SACK blocks for our next segment (RFC 2018 section 4): the most recent first. */
    List<SackBlock> sackBlocks(int max) {
        return reassembler.sackBlocks(max);
    }

    /**
     * The window field of the segment we are about to send, and the right edge it announces. Receiver-side SWS
     * avoidance (RFC 9293 section 3.8.6.2.2): the right edge moves only when it can move by at least
     * min(buffer / 2, MSS); and it never moves left (RFC 9293 section 3.8.6, shrinking the window is discouraged).
     */
    int windowField() {
        SeqNum candidate = reassembler.rcvNxt().plus(reassembler.window());
        if (candidate.minus(announcedEdge) >= swsThreshold()) {
            announcedEdge = candidate;
        }
        long window = Math.max(0, announcedEdge.minus(reassembler.rcvNxt()));
        // Round up so that the announced edge stays where we promised it (RFC 7323 section 2.3).
        long scaled = Math.min(0xffff, (window + (1L << windowShift) - 1) >>> windowShift);
        unackedBytes = 0;
        return (int) scaled;
    }

    /** The window field of a SYN or SYN-ACK: never scaled (RFC 7323 section 2.2). */
    int synWindowField() {
        return Math.min(bufferBytes, 0xffff);
    }

    /**
     * Whether reading freed enough space that the peer should hear of it now (RFC 9293 section 3.8.6.2.2 and RFC
     * 1122 4.2.3.3): the edge would move by the SWS threshold and the window would at least double, as Linux asks.
     */
    boolean windowUpdateWorthSending() {
        SeqNum candidate = reassembler.rcvNxt().plus(reassembler.window());
        int advance = candidate.minus(announcedEdge);
        int current = Math.max(0, announcedEdge.minus(reassembler.rcvNxt()));
        return advance >= swsThreshold() && current + advance >= 2 * current;
    }

    private int swsThreshold() {
        return Math.min(bufferBytes / 2, receiveMss);
    }
}
