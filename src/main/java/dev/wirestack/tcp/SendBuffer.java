package dev.wirestack.tcp;

import dev.wirestack.wire.SeqNum;

import java.lang.foreign.MemorySegment;

/**
 * The send side's bytes from SND.UNA on (RFC 9293 section 3.3.1): data the application wrote and the peer has not
 * acknowledged, in one ring of fixed capacity, together with the retransmission queue's bookkeeping: one entry per
 * transmitted segment with its send time (for RTT samples under Karn's rule, RFC 6298 section 3), whether it was
 * retransmitted, and whether the peer SACKed it (the RFC 6675 scoreboard).
 *
 * <p>SACK granularity is the transmitted segment: a segment counts as SACKed only when a SACK block covers it whole
 * (receivers SACK whole segments; a partly covered one is resent, which costs a few bytes and never loses any). So
 * no SACK block, however hostile, can make the queue grow: it holds at most one entry per segment sent.
 *
 * <p>Positions are 64-bit stream offsets inside; sequence numbers are compared only through {@link SeqNum}.
 */
public final class SendBuffer {
    /** RFC 6675 section 2: DupThresh, the number of SACKed segments above a hole that make it lost. */
    public static final int DUP_THRESH = 3;
    /** {@link Acked#rttSampleNanos()} when the ACK gives no valid RTT sample. */
    public static final long NO_RTT_SAMPLE = -1;

    /** What an ACK freed, and the RTT it measured, if Karn's rule allows one. */
    public record Acked(long bytes, long rttSampleNanos) {
    }

    /** A range to (re)transmit: {@code length} bytes from {@code seq}. */
    public record Range(SeqNum seq, int length) {
    }

    /** One transmitted segment of the retransmission queue, in stream offsets. */
    private static final class Sent {
        long start;
        long end;
        long sentAtNanos;
        boolean retransmitted;
        boolean sacked;

        Sent(long start, long end, long sentAtNanos, boolean retransmitted) {
            this.start = start;
            this.end = end;
            this.sentAtNanos = sentAtNanos;
            this.retransmitted = retransmitted;
        }
    }

    private final ByteRing ring;
    private final SeqNum origin;
    private long unaOffset;
    private long nxtOffset;
    private long endOffset;
    /** RFC 6675 HighRxt: the end of the highest range retransmitted in this recovery. */
    private long highRxtOffset;
    /** Transmitted, unacknowledged segments, sorted, disjoint, covering [unaOffset, nxtOffset). */
    private final RingList<Sent> queue = new RingList<>();

    /**
     * @param sndUna   the first sequence number of data (our ISN + 1)
     * @param capacity the most bytes held at once
     */
    public SendBuffer(SeqNum sndUna, int capacity) {
        this.ring = new ByteRing(capacity);
        this.origin = sndUna;
    }

    /** Appends as much of {@code data} as fits and returns how many bytes were taken. */
    public int append(MemorySegment data) {
        int n = (int) Math.min(data.byteSize(), freeSpace());
        ring.write(unaOffset, endOffset, data, 0, n);
        endOffset += n;
        return n;
    }

    public int append(byte[] data) {
        return append(MemorySegment.ofArray(data));
    }

    /** Copies the {@code length} bytes from {@code seq} (between SND.UNA and the end of the data) into {@code dst}. */
    public void copyTo(SeqNum seq, int length, MemorySegment dst, long dstOffset) {
        long start = offsetOf(seq);
        if (start < unaOffset || length < 0 || start + length > endOffset) {
            throw new IllegalArgumentException("range " + seq + "+" + length + " is outside the buffered data "
                    + sndUna() + ".." + end());
        }
        ring.read(start, dst, dstOffset, length);
    }

    /**
     * Records that {@code length} bytes from {@code seq} were transmitted at {@code nowNanos}. From SND.NXT this is new
     * data and SND.NXT advances; below SND.NXT it is a retransmission, and its segments give no RTT sample any more.
     */
    public void onSent(long nowNanos, SeqNum seq, int length) {
        long start = offsetOf(seq);
        long end = start + length;
        if (length <= 0 || start < unaOffset || end > endOffset || (start < nxtOffset && end > nxtOffset)) {
            throw new IllegalArgumentException("cannot send " + seq + "+" + length + ": SND.UNA " + sndUna()
                    + ", SND.NXT " + sndNxt() + ", end " + end());
        }
        if (start == nxtOffset) {
            queue.add(new Sent(start, end, nowNanos, false));
            nxtOffset = end;
            return;
        }
        if (start > nxtOffset) {
            throw new IllegalArgumentException("new data must start at SND.NXT " + sndNxt() + ", not " + seq);
        }
        splitAt(start);
        splitAt(end);
        for (int i = indexOf(start); i < queue.size() && queue.get(i).start < end; i++) {
            queue.get(i).sentAtNanos = nowNanos;
            queue.get(i).retransmitted = true;
        }
        highRxtOffset = Math.max(highRxtOffset, end);
    }

    /** Makes {@code offset} a segment boundary (needed when a retransmission is cut differently, e.g. a new MSS). */
    private void splitAt(long offset) {
        splitAt(indexOf(offset), offset);
    }

    /** {@link #splitAt(long)} for the segment at index {@code i}, if it holds {@code offset}. */
    private void splitAt(int i, long offset) {
        if (i < queue.size() && queue.get(i).start < offset && offset < queue.get(i).end) {
            Sent s = queue.get(i);
            Sent tail = new Sent(offset, s.end, s.sentAtNanos, s.retransmitted);
            tail.sacked = s.sacked;
            s.end = offset;
            queue.add(i + 1, tail);
        }
    }

    /** The index of the segment holding {@code offset}, or of the first one after it. */
    private int indexOf(long offset) {
        int low = 0;
        int high = queue.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (queue.get(mid).end <= offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Frees everything before {@code ack} (RFC 9293 section 3.10.7.4, SND.UNA update). An ACK at or below SND.UNA
     * frees nothing; one beyond SND.NXT (a FIN's ACK) frees all sent data; the connection rejects ACKs of unsent data before. The RTT sample is from the oldest newly
     * acknowledged segment, as Linux takes it, and only if none of the newly acknowledged ones was retransmitted
     * (Karn's rule).
     */
    public Acked acknowledge(long nowNanos, SeqNum ack) {
        long ackOffset = Math.min(offsetOf(ack), nxtOffset);
        if (ackOffset <= unaOffset) {
            return new Acked(0, NO_RTT_SAMPLE);
        }
        // The acknowledged segments are counted from the front rather than binary-searched: an ACK covers a
        // segment or two, and the search touched a dozen scattered records per ACK (~6% of the bulk path).
        int count = 0;
        boolean ambiguous = false;
        while (count < queue.size() && queue.get(count).start < ackOffset) {
            splitAt(count, ackOffset); // a segment acknowledged in part keeps its unacknowledged tail
            ambiguous |= queue.get(count).retransmitted;
            count++;
        }
        long sample = count == 0 || ambiguous ? NO_RTT_SAMPLE : nowNanos - queue.getFirst().sentAtNanos;
        queue.removeFirst(count);
        long bytes = ackOffset - unaOffset;
        unaOffset = ackOffset;
        return new Acked(bytes, sample);
    }

    /** Marks the transmitted segments that lie wholly inside the SACK block [left, right) (RFC 6675 section 4). */
    public void markSacked(SeqNum left, SeqNum right) {
        long start = offsetOf(left);
        long end = offsetOf(right);
        if (end <= start) {
            return; // an empty or inverted block says nothing
        }
        for (int i = indexOf(start); i < queue.size() && queue.get(i).end <= end; i++) {
            if (queue.get(i).start >= start) {
                queue.get(i).sacked = true;
            }
        }
    }

    /**
     * RFC 6675 section 4, IsLost(SeqNum): true when at least DupThresh SACKed segments, or more than (DupThresh - 1) *
     * SMSS SACKed bytes, lie above {@code seq}.
     */
    public boolean isLost(SeqNum seq, int mss) {
        long offset = offsetOf(seq);
        int sackedSegments = 0;
        long sackedBytes = 0;
        for (int i = queue.size() - 1; i >= 0 && queue.get(i).start > offset; i--) {
            Sent s = queue.get(i);
            if (s.sacked) {
                sackedSegments++;
                sackedBytes += s.end - s.start;
                if (sackedSegments >= DUP_THRESH || sackedBytes > (long) (DUP_THRESH - 1) * mss) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * RFC 6675 section 4, NextSeg() rule 1: the lowest unSACKed range above HighRxt that {@link #isLost} says is lost,
     * at most {@code mss} bytes, or null. (Rule 2, new data, is the sender's choice; rule 3 is left to the caller.)
     */
    public Range nextSegmentToRetransmit(int mss) {
        for (int i = indexOf(Math.max(highRxtOffset, unaOffset)); i < queue.size(); i++) {
            Sent s = queue.get(i);
            long start = Math.max(s.start, highRxtOffset);
            if (!s.sacked && isLost(seqAt(start), mss)) {
                return new Range(seqAt(start), (int) Math.min(mss, s.end - start));
            }
        }
        return null;
    }

    /**
     * RFC 6675 section 4, SetPipe(): bytes believed in the network: every unSACKed segment not deemed lost, plus every
     * retransmitted one.
     */
    public long pipe(int mss) {
        long pipe = 0;
        int sackedAbove = 0;
        long sackedBytesAbove = 0;
        for (int i = queue.size() - 1; i >= 0; i--) { // one pass from the top: IsLost counts the SACKs above
            Sent s = queue.get(i);
            long length = s.end - s.start;
            boolean lost = sackedAbove >= DUP_THRESH || sackedBytesAbove > (long) (DUP_THRESH - 1) * mss;
            if (!s.sacked && !lost) {
                pipe += length;
            }
            if (s.retransmitted) {
                pipe += length;
            }
            if (s.sacked) {
                sackedAbove++;
                sackedBytesAbove += length;
            }
        }
        return pipe;
    }

    /**
     * The first range from {@code from} on and before {@code limit} that the peer has not SACKed, at most {@code max}
     * bytes and ending where SACKed data starts; an empty range at {@code limit} when everything there is SACKed.
     * What a retransmission after a timeout resends, when the SACK marks are kept (RFC 6675 section 5.1).
     */
    public Range nextUnsacked(SeqNum from, SeqNum limit, int max) {
        long start = offsetOf(from);
        long end = offsetOf(limit);
        int i = indexOf(start);
        for (; i < queue.size() && queue.get(i).start < end && queue.get(i).sacked; i++) {
            start = Math.max(start, queue.get(i).end);
        }
        if (start >= end) {
            return new Range(limit, 0);
        }
        long runEnd = start;
        for (; i < queue.size() && queue.get(i).start <= runEnd && !queue.get(i).sacked; i++) {
            runEnd = queue.get(i).end;
        }
        return new Range(seqAt(start), (int) Math.min(Math.min(runEnd, end), start + max) - (int) start);
    }

    /**
     * Whether the segment at SND.UNA is marked SACKed: the cumulative ACK stopped at data the receiver said it held,
     * so the receiver dropped it again (reneging, RFC 2018 section 8; Linux's tcp_check_sack_reneging).
     */
    public boolean headSacked() {
        return !queue.isEmpty() && queue.getFirst().sacked;
    }

    /** Forgets every SACK mark, after reneging. */
    public void clearSackMarks() {
        for (int i = 0; i < queue.size(); i++) {
            queue.get(i).sacked = false;
        }
    }

    /** Ends a recovery episode: the next {@link #nextSegmentToRetransmit} starts again from SND.UNA. */
    public void resetRetransmitMark() {
        highRxtOffset = unaOffset;
    }

    /** The send time of the oldest unacknowledged segment, or {@link #NO_RTT_SAMPLE} if nothing is in flight. */
    public long oldestSendTimeNanos() {
        return queue.isEmpty() ? NO_RTT_SAMPLE : queue.getFirst().sentAtNanos;
    }

    public SeqNum sndUna() {
        return seqAt(unaOffset);
    }

    public SeqNum sndNxt() {
        return seqAt(nxtOffset);
    }

    /** The sequence number after the last byte written. */
    public SeqNum end() {
        return seqAt(endOffset);
    }

    /** Bytes sent and not acknowledged: SND.NXT - SND.UNA. */
    public long inFlight() {
        return nxtOffset - unaOffset;
    }

    /** Bytes written and not sent yet. */
    public long unsent() {
        return endOffset - nxtOffset;
    }

    public int freeSpace() {
        return (int) (ring.capacity() - (endOffset - unaOffset));
    }

    public int capacity() {
        return ring.capacity();
    }

    /** How many segments the retransmission queue holds. */
    public int segmentCount() {
        return queue.size();
    }

    private long offsetOf(SeqNum seq) {
        return unaOffset + seq.minus(sndUna());
    }

    private SeqNum seqAt(long offset) {
        return origin.plus((int) offset);
    }

    @Override
    public String toString() {
        return "SendBuffer[una=" + sndUna() + ", nxt=" + sndNxt() + ", end=" + end() + ", segments=" + queue.size() + "]";
    }
}
