package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The TCP options a segment carries (RFC 9293 section 3.2): maximum segment size (kind 2), window scale (kind 3,
 * RFC 7323 section 2), SACK-permitted and SACK blocks (kinds 4 and 5, RFC 2018) and timestamps (kind 8, RFC 7323
 * section 3). End-of-option-list (0) and no-operation (1) are layout, not meaning, and are not kept; unknown kinds
 * are skipped by their length.
 *
 * <p>The window scale is kept exactly as received (0..255), so a parsed segment re-emits to the same bytes and a
 * trace shows what the peer really sent. RFC 7323 section 2.3 says a shift over 14 MUST be used as 14:
 * {@link #effectiveWindowScale()} applies that rule and is what a connection should use.
 *
 * <p>A repeated option overwrites the earlier one (as Linux does). The record always fits the 40-byte options area:
 * {@link #length()} is Linux's 4-byte-aligned layout when it fits, and a packed layout padded with EOL otherwise
 * (timestamps, window scale and three SACK blocks fit packed but not aligned). Because the packed size of what a
 * parse keeps is never more than the bytes it read, every options area that parses yields a valid record.
 *
 * @param mss           the maximum segment size, or -1 when absent
 * @param windowScale   the window scale shift as sent, or -1 when absent
 * @param sackPermitted whether SACK-permitted is present
 * @param sackBlocks    0 to 4 SACK blocks, in wire order
 * @param timestamps    the timestamps option, or null when absent
 */
public record TcpOptions(int mss, int windowScale, boolean sackPermitted, List<SackBlock> sackBlocks,
                         Timestamps timestamps) {

    public static final TcpOptions NONE = new TcpOptions(-1, -1, false, List.of(), null);
    /** The options area is what a 4-bit data offset leaves after the fixed 20 bytes (RFC 9293 section 3.1). */
    public static final int MAX_LENGTH = 40;
    /** RFC 7323 section 2.3: larger shifts are used as 14. */
    public static final int MAX_WINDOW_SCALE = 14;
    /** Four blocks fill 34 of the 40 option bytes (RFC 2018 section 3). */
    public static final int MAX_SACK_BLOCKS = 4;

    static final int KIND_EOL = 0;
    static final int KIND_NOP = 1;
    static final int KIND_MSS = 2;
    static final int KIND_WINDOW_SCALE = 3;
    static final int KIND_SACK_PERMITTED = 4;
    static final int KIND_SACK = 5;
    static final int KIND_TIMESTAMPS = 8;
    private static final int MSS_LENGTH = 4;
    private static final int WINDOW_SCALE_LENGTH = 3;
    private static final int SACK_PERMITTED_LENGTH = 2;
    private static final int TIMESTAMPS_LENGTH = 10;
    private static final int SACK_BLOCK_LENGTH = 8;
    /** The layout of timestamps alone as Linux and RFC 7323 Appendix A send it: NOP, NOP, kind 8, length 10. */
    private static final int ALIGNED_TIMESTAMPS_PREFIX = KIND_NOP << 24 | KIND_NOP << 16 | KIND_TIMESTAMPS << 8
            | TIMESTAMPS_LENGTH;
    private static final int ALIGNED_TIMESTAMPS_LENGTH = 12;

    /** One SACK block: the octets from {@code left} up to, not including, {@code right} were received. */
    public record SackBlock(SeqNum left, SeqNum right) {
        public SackBlock {
            if (left == null || right == null) {
                throw new IllegalArgumentException("SACK block edges must not be null");
            }
        }
    }

    /** The timestamps option: TSval and TSecr, unsigned 32-bit values held in longs. */
    public record Timestamps(long value, long echoReply) {
        public Timestamps {
            requireU32("TSval", value);
            requireU32("TSecr", echoReply);
        }
    }

    public TcpOptions {
        if (mss < -1 || mss > 0xffff) {
            throw new IllegalArgumentException("mss must be -1 (absent) or 0..65535: " + mss);
        }
        if (windowScale < -1 || windowScale > 0xff) {
            throw new IllegalArgumentException("windowScale must be -1 (absent) or 0..255: " + windowScale);
        }
        sackBlocks = List.copyOf(sackBlocks);
        if (sackBlocks.size() > MAX_SACK_BLOCKS) {
            throw new IllegalArgumentException("at most 4 SACK blocks fit: " + sackBlocks.size());
        }
        int packed = packedLength(mss, windowScale, sackPermitted, sackBlocks.size(), timestamps);
        if (packed > MAX_LENGTH) {
            throw new IllegalArgumentException("options need " + packed + " bytes, more than the 40 available");
        }
    }

    public TcpOptions withMss(int newMss) {
        return new TcpOptions(newMss, windowScale, sackPermitted, sackBlocks, timestamps);
    }

    public TcpOptions withWindowScale(int newWindowScale) {
        return new TcpOptions(mss, newWindowScale, sackPermitted, sackBlocks, timestamps);
    }

    public TcpOptions withSackPermitted(boolean newSackPermitted) {
        return new TcpOptions(mss, windowScale, newSackPermitted, sackBlocks, timestamps);
    }

    public TcpOptions withSackBlocks(List<SackBlock> newSackBlocks) {
        return new TcpOptions(mss, windowScale, sackPermitted, newSackBlocks, timestamps);
    }

    public TcpOptions withTimestamps(Timestamps newTimestamps) {
        return new TcpOptions(mss, windowScale, sackPermitted, sackBlocks, newTimestamps);
    }

    public boolean hasMss() {
        return mss >= 0;
    }

    public boolean hasWindowScale() {
        return windowScale >= 0;
    }

    /** The shift to apply to the peer's window: the value capped at 14 (RFC 7323 section 2.3), 0 when absent. */
    public int effectiveWindowScale() {
        return Math.max(0, Math.min(windowScale, MAX_WINDOW_SCALE));
    }

    /** The bytes {@link #emit} writes: a multiple of 4, at most 40. */
    public int length() {
        int aligned = alignedLength();
        return aligned <= MAX_LENGTH ? aligned : roundUpTo4(packedLength(mss, windowScale, sackPermitted,
                sackBlocks.size(), timestamps));
    }

    /**
     * Writes {@link #length()} bytes at offset 0 of {@code out}. The aligned layout is Linux's
     * ({@code tcp_options_write}): MSS; SACK-permitted+timestamps sharing a word, or NOP NOP + either alone;
     * NOP + window scale; NOP NOP + SACK blocks. So every option after MSS starts on a 32-bit boundary.
     */
    public void emit(MemorySegment out) {
        emit(out, 0);
    }

    /** {@link #emit(MemorySegment)} at {@code offset} of {@code out}: a header writes its options in place. */
    void emit(MemorySegment out, long offset) {
        boolean aligned = alignedLength() <= MAX_LENGTH;
        long at = offset;
        if (hasMss()) {
            at = putKindAndLength(out, at, KIND_MSS, MSS_LENGTH);
            Bytes.putU16(out, at, mss);
            at += 2;
        }
        if (aligned && sackPermitted != (timestamps != null)) {
            at = putNops(out, at, 2);
        }
        if (sackPermitted) {
            at = putKindAndLength(out, at, KIND_SACK_PERMITTED, SACK_PERMITTED_LENGTH);
        }
        if (timestamps != null) {
            at = putKindAndLength(out, at, KIND_TIMESTAMPS, TIMESTAMPS_LENGTH);
            Bytes.putI32(out, at, (int) timestamps.value());
            Bytes.putI32(out, at + 4, (int) timestamps.echoReply());
            at += 8;
        }
        if (hasWindowScale()) {
            at = putNops(out, at, aligned ? 1 : 0);
            at = putKindAndLength(out, at, KIND_WINDOW_SCALE, WINDOW_SCALE_LENGTH);
            Bytes.putU8(out, at++, windowScale);
        }
        if (!sackBlocks.isEmpty()) {
            at = putNops(out, at, aligned ? 2 : 0);
            at = putKindAndLength(out, at, KIND_SACK, 2 + SACK_BLOCK_LENGTH * sackBlocks.size());
            for (SackBlock block : sackBlocks) {
                Bytes.putI32(out, at, block.left().value());
                Bytes.putI32(out, at + 4, block.right().value());
                at += SACK_BLOCK_LENGTH;
            }
        }
        while ((at - offset) % 4 != 0) {
            Bytes.putU8(out, at++, KIND_EOL);
        }
    }

    /**
     * Reads the options area of a TCP header (the bytes between offset 20 and the data offset).
     *
     * @param optionsArea        exactly the options area, at most 40 bytes (more is an IllegalArgumentException)
     * @param offsetForProblems  where the area starts in the TCP header, so problems report header offsets
     * @throws MalformedPacketException BAD_OPTION for an option length below 2 or past the area (at the length
     *                                  byte), or a known option with a length its kind does not allow
     */
    public static TcpOptions parse(MemorySegment optionsArea, int offsetForProblems) throws MalformedPacketException {
        if (optionsArea.byteSize() > MAX_LENGTH) {
            throw new IllegalArgumentException("an options area is at most 40 bytes: " + optionsArea.byteSize());
        }
        return parse(optionsArea, 0, (int) optionsArea.byteSize(), offsetForProblems);
    }

    /**
     * {@link #parse(MemorySegment, int)} of the {@code areaLength} bytes (at most 40) at {@code from} of {@code in}:
     * a header reads its options in place, without a slice per segment.
     */
    static TcpOptions parse(MemorySegment in, int from, int areaLength, int offsetForProblems)
            throws MalformedPacketException {
        if (areaLength == ALIGNED_TIMESTAMPS_LENGTH && Bytes.i32(in, from) == ALIGNED_TIMESTAMPS_PREFIX) {
            // Linux's fast path (tcp_parse_aligned_timestamp): once a connection is open, nearly every segment
            // carries NOP, NOP, timestamps and nothing else, read here without walking the options one by one.
            return new TcpOptions(-1, -1, false, List.of(),
                    new Timestamps(Bytes.u32(in, from + 4), Bytes.u32(in, from + 8)));
        }
        return parseEach(in, from, areaLength, offsetForProblems);
    }

    /** The general case of {@link #parse(MemorySegment, int, int, int)}: option by option, in wire order. */
    private static TcpOptions parseEach(MemorySegment in, int from, int areaLength, int offsetForProblems)
            throws MalformedPacketException {
        int end = from + areaLength;
        int mss = -1;
        int windowScale = -1;
        boolean sackPermitted = false;
        List<SackBlock> sackBlocks = List.of();
        Timestamps timestamps = null;
        int at = from;
        while (at < end) {
            int kind = Bytes.u8(in, at);
            if (kind == KIND_EOL) {
                break;
            }
            if (kind == KIND_NOP) {
                at++;
                continue;
            }
            int lengthOffset = offsetForProblems + at - from + 1;
            if (at + 1 >= end) {
                throw badOption("option.length", lengthOffset, 2, 0);
            }
            int length = Bytes.u8(in, at + 1);
            if (length < 2) {
                throw badOption("option.length", lengthOffset, 2, length);
            }
            if (at + length > end) {
                throw badOption("option.length", lengthOffset, end - at, length);
            }
            switch (kind) {
                case KIND_MSS -> {
                    requireLength("mss.length", lengthOffset, MSS_LENGTH, length);
                    mss = Bytes.u16(in, at + 2);
                }
                case KIND_WINDOW_SCALE -> {
                    requireLength("windowScale.length", lengthOffset, WINDOW_SCALE_LENGTH, length);
                    windowScale = Bytes.u8(in, at + 2);
                }
                case KIND_SACK_PERMITTED -> {
                    requireLength("sackPermitted.length", lengthOffset, SACK_PERMITTED_LENGTH, length);
                    sackPermitted = true;
                }
                case KIND_SACK -> sackBlocks = parseSackBlocks(in, at, length, lengthOffset);
                case KIND_TIMESTAMPS -> {
                    requireLength("timestamps.length", lengthOffset, TIMESTAMPS_LENGTH, length);
                    timestamps = new Timestamps(Bytes.u32(in, at + 2), Bytes.u32(in, at + 6));
                }
                default -> {
                    // RFC 9293 section 3.2: an option we do not implement is skipped by its length.
                }
            }
            at += length;
        }
        return new TcpOptions(mss, windowScale, sackPermitted, sackBlocks, timestamps);
    }

    /** RFC 2018 section 3: the length is 2 + 8n for n blocks; n is at least 1, and a 40-byte area holds at most 4. */
    private static List<SackBlock> parseSackBlocks(MemorySegment area, int at, int length, int lengthOffset)
            throws MalformedPacketException {
        int blockBytes = length - 2;
        int count = blockBytes / SACK_BLOCK_LENGTH;
        if (blockBytes % SACK_BLOCK_LENGTH != 0 || count < 1) {
            throw badOption("sack.length", lengthOffset, 2 + SACK_BLOCK_LENGTH * Math.max(count, 1), length);
        }
        SackBlock[] blocks = new SackBlock[count];
        for (int i = 0; i < count; i++) {
            int blockAt = at + 2 + i * SACK_BLOCK_LENGTH;
            blocks[i] = new SackBlock(new SeqNum(Bytes.i32(area, blockAt)), new SeqNum(Bytes.i32(area, blockAt + 4)));
        }
        return List.of(blocks);
    }

    private int alignedLength() {
        int length = hasMss() ? MSS_LENGTH : 0;
        if (sackPermitted || timestamps != null) {
            length += timestamps != null ? 12 : 4;
        }
        length += hasWindowScale() ? 4 : 0;
        length += sackBlocks.isEmpty() ? 0 : 4 + SACK_BLOCK_LENGTH * sackBlocks.size();
        return length;
    }

    private static int packedLength(int mss, int windowScale, boolean sackPermitted, int sackBlocks,
                                    Timestamps timestamps) {
        return (mss >= 0 ? MSS_LENGTH : 0)
                + (windowScale >= 0 ? WINDOW_SCALE_LENGTH : 0)
                + (sackPermitted ? SACK_PERMITTED_LENGTH : 0)
                + (timestamps != null ? TIMESTAMPS_LENGTH : 0)
                + (sackBlocks > 0 ? 2 + SACK_BLOCK_LENGTH * sackBlocks : 0);
    }

    private static int roundUpTo4(int length) {
        return (length + 3) & ~3;
    }

    private static long putKindAndLength(MemorySegment out, long at, int kind, int length) {
        Bytes.putU8(out, at, kind);
        Bytes.putU8(out, at + 1, length);
        return at + 2;
    }

    private static long putNops(MemorySegment out, long at, int count) {
        for (int i = 0; i < count; i++) {
            Bytes.putU8(out, at + i, KIND_NOP);
        }
        return at + count;
    }

    private static void requireLength(String field, int offset, int expected, int actual)
            throws MalformedPacketException {
        if (actual != expected) {
            throw badOption(field, offset, expected, actual);
        }
    }

    private static MalformedPacketException badOption(String field, int offset, int expected, int actual) {
        return new MalformedPacketException(new Problem(Layer.TCP, field, offset, ProblemKind.BAD_OPTION,
                expected, actual));
    }

    private static void requireU32(String name, long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(name + " must be an unsigned 32-bit value: " + value);
        }
    }
}
