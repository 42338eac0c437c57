package dev.wirestack.tcp;

import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpOptions.SackBlock;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The receive buffer of one connection: in-order bytes the application has not read yet, plus out-of-order bytes
 * waiting for the holes before them to fill (RFC 9293 section 3.10.7.4, "segment text"), in one ring of fixed capacity.
 * The out-of-order ranges are a bounded interval set after smoltcp's {@code storage/assembler.rs}.
 *
 * <p>Bounds: at most {@code capacity} bytes are ever held (the window: data beyond {@code first unread byte +
 * capacity} is trimmed or dropped), and at most {@code maxBlocks} disjoint out-of-order blocks; a segment that would
 * open one more block is dropped whole ({@link Dropped#TOO_MANY_BLOCKS}), and the sender will retransmit it.
 *
 * <p>Overlaps: the first bytes to arrive win. Where a segment overlaps bytes already held, the held bytes are kept and
 * only the gaps are copied (RFC 9293 leaves this choice to the receiver; a differing retransmission is a peer bug or an
 * attack, and keeping the first copy makes injected overlaps harmless to data already accepted).
 *
 * <p>Positions are kept internally as 64-bit stream offsets, so the 2^32 wrap of sequence numbers only matters at the
 * edges, where every comparison goes through {@link SeqNum}.
 */
public final class ReceiveReassembler {

    /** What {@link #add} did with a segment. */
    public sealed interface Outcome permits Advanced, Held, Dropped {
    }

    /** RCV.NXT moved forward by {@code bytes}: that many more bytes are readable in order. */
    public record Advanced(int bytes) implements Outcome {
    }

    /** Nothing became readable. */
    public enum Held implements Outcome {
        /** New bytes were stored beyond a hole; the receiver should send an immediate (duplicate) ACK with SACK. */
        OUT_OF_ORDER,
        /** Every byte had been received already, or the segment was empty. */
        NOTHING_NEW
    }

    /** The segment was not stored. */
    public enum Dropped implements Outcome {
        /** No byte of it fits in the receive window. */
        BEYOND_WINDOW,
        /** It would open one more out-of-order block than allowed. */
        TOO_MANY_BLOCKS
    }

    /** The block arrays before the first segment: they grow on demand, up to maxBlocks + 1 (see mergeInto). */
    private static final long[] NO_BLOCKS = new long[0];
    private static final int FIRST_BLOCK_SLOTS = 4;

    private final ByteRing ring;
    private final int maxBlocks;
    /** The sequence number of stream offset 0. */
    private final SeqNum origin;
    /** Stream offset of the next byte the application reads. */
    private long readOffset;
    /** Stream offset of RCV.NXT: everything before it is in order. */
    private long nextOffset;
    /** Out-of-order blocks [start, end), sorted, disjoint and not adjacent, all after {@link #nextOffset}. */
    private long[] blockStart = NO_BLOCKS;
    private long[] blockEnd = NO_BLOCKS;
    /** When each block last grew or was hit, for the RFC 2018 section 4 order of SACK blocks. */
    private long[] blockStamp = NO_BLOCKS;
    private int blockCount;
    private long stampClock;

    /**
     * @param rcvNxt    the first sequence number expected (the peer's ISN + 1)
     * @param capacity  the receive buffer size in bytes, the largest window ever offered
     * @param maxBlocks the largest number of out-of-order blocks held at once
     */
    public ReceiveReassembler(SeqNum rcvNxt, int capacity, int maxBlocks) {
        if (maxBlocks <= 0) {
            throw new IllegalArgumentException("maxBlocks must be positive: " + maxBlocks);
        }
        this.ring = new ByteRing(capacity);
        this.maxBlocks = maxBlocks;
        this.origin = rcvNxt;
    }

    /** Stores the segment text {@code data} that starts at sequence number {@code seq}. */
    public Outcome add(SeqNum seq, byte[] data) {
        return add(seq, MemorySegment.ofArray(data));
    }

    /** Stores the segment text {@code data} that starts at sequence number {@code seq}. */
    public Outcome add(SeqNum seq, MemorySegment data) {
        long start = nextOffset + seq.minus(rcvNxt());
        long end = start + data.byteSize();
        long limit = readOffset + ring.capacity();
        if (end <= nextOffset || data.byteSize() == 0) {
            return Held.NOTHING_NEW;
        }
        if (start >= limit) {
            return Dropped.BEYOND_WINDOW;
        }
        long from = Math.max(start, nextOffset);
        long to = Math.min(end, limit);
        int first = firstBlockTouching(from);
        int last = first;
        while (last < blockCount && blockStart[last] <= to) {
            last++;
        }
        boolean opensBlock = first == last && from > nextOffset;
        if (opensBlock && blockCount == maxBlocks) {
            return Dropped.TOO_MANY_BLOCKS;
        }
        boolean wroteNew = copyGaps(data, start, from, to, first, last);
        mergeInto(from, to, first, last);
        if (blockStart[0] == nextOffset) {
            long advanced = blockEnd[0] - nextOffset;
            nextOffset = blockEnd[0];
            removeBlocks(0, 1);
            return new Advanced((int) advanced);
        }
        return wroteNew ? Held.OUT_OF_ORDER : Held.NOTHING_NEW;
    }

    /** The index of the first block that ends at or after {@code offset} (touching counts: blocks merge). */
    private int firstBlockTouching(long offset) {
        int i = 0;
        while (i < blockCount && blockEnd[i] < offset) {
            i++;
        }
        return i;
    }

    /** Copies the bytes of [from, to) that no block in [first, last) holds yet; first arrival wins. */
    private boolean copyGaps(MemorySegment data, long dataStart, long from, long to, int first, int last) {
        boolean wrote = false;
        long cursor = from;
        for (int k = first; k < last && cursor < to; k++) {
            long gapEnd = Math.min(blockStart[k], to);
            if (cursor < gapEnd) {
                ring.write(readOffset, cursor, data, cursor - dataStart, gapEnd - cursor);
                wrote = true;
            }
            cursor = Math.max(cursor, blockEnd[k]);
        }
        if (cursor < to) {
            ring.write(readOffset, cursor, data, cursor - dataStart, to - cursor);
            wrote = true;
        }
        return wrote;
    }

    /** Replaces blocks [first, last) with one block covering them and [from, to), stamped as the newest. */
    private void mergeInto(long from, long to, int first, int last) {
        long start = from;
        long end = to;
        if (first < last) {
            start = Math.min(start, blockStart[first]);
            end = Math.max(end, blockEnd[last - 1]);
            removeBlocks(first, last - first);
        }
        if (blockCount == blockStart.length) {
            int slots = Math.min(maxBlocks + 1, Math.max(FIRST_BLOCK_SLOTS, 2 * blockCount));
            blockStart = Arrays.copyOf(blockStart, slots);
            blockEnd = Arrays.copyOf(blockEnd, slots);
            blockStamp = Arrays.copyOf(blockStamp, slots);
        }
        System.arraycopy(blockStart, first, blockStart, first + 1, blockCount - first);
        System.arraycopy(blockEnd, first, blockEnd, first + 1, blockCount - first);
        System.arraycopy(blockStamp, first, blockStamp, first + 1, blockCount - first);
        blockStart[first] = start;
        blockEnd[first] = end;
        blockStamp[first] = ++stampClock;
        blockCount++;
    }

    private void removeBlocks(int index, int count) {
        int tail = blockCount - index - count;
        System.arraycopy(blockStart, index + count, blockStart, index, tail);
        System.arraycopy(blockEnd, index + count, blockEnd, index, tail);
        System.arraycopy(blockStamp, index + count, blockStamp, index, tail);
        blockCount -= count;
    }

    /** Copies up to {@code length} readable in-order bytes into {@code dst} and frees them; returns how many. */
    public int read(byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        int n = (int) Math.min(length, readable());
        ring.read(readOffset, dst, offset, n);
        readOffset += n;
        return n;
    }

    /** Reads and frees every readable in-order byte. */
    public byte[] readAll() {
        byte[] out = new byte[(int) readable()];
        read(out, 0, out.length);
        return out;
    }

    /** In-order bytes not read yet. */
    public long readable() {
        return nextOffset - readOffset;
    }

    /** RCV.NXT: the next sequence number expected in order. */
    public SeqNum rcvNxt() {
        return origin.plus((int) nextOffset);
    }

    /** RCV.WND: how many bytes from RCV.NXT on the buffer can still take (RFC 9293 section 3.3.1). */
    public int window() {
        return (int) (readOffset + ring.capacity() - nextOffset);
    }

    /** Out-of-order bytes held beyond the first hole. */
    public long outOfOrderBytes() {
        long sum = 0;
        for (int i = 0; i < blockCount; i++) {
            sum += blockEnd[i] - blockStart[i];
        }
        return sum;
    }

    public int blockCount() {
        return blockCount;
    }

    public int capacity() {
        return ring.capacity();
    }

    /**
     * Up to {@code max} SACK blocks in RFC 2018 section 4 order: first the block holding the most recently received
     * segment, then the others from most to least recently changed.
     */
    public List<SackBlock> sackBlocks(int max) {
        if (blockCount == 0) {
            return List.of(); // the common case, on every ACK of an in-order stream: no stream pipeline for it
        }
        List<SackBlock> blocks = new ArrayList<>(Math.min(max, blockCount));
        IntStream.range(0, blockCount).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> blockStamp[i]).reversed())
                .limit(max)
                .forEach(i -> blocks.add(new SackBlock(origin.plus((int) blockStart[i]), origin.plus((int) blockEnd[i]))));
        return blocks;
    }

    @Override
    public String toString() {
        return "ReceiveReassembler[rcvNxt=" + rcvNxt() + ", readable=" + readable() + ", blocks=" + blockCount
                + ", window=" + window() + "]";
    }
}
