package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Network-byte-order reads and writes of unsigned fields in a {@link MemorySegment}. */
public final class Bytes {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    public static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xff;
    }

    public static int u16(MemorySegment s, long offset) {
        return s.get(U16, offset) & 0xffff;
    }

    /** An unsigned 32-bit field, as a long. */
    public static long u32(MemorySegment s, long offset) {
        return s.get(U32, offset) & 0xffff_ffffL;
    }

    /** A 32-bit field as a raw int (for addresses and sequence numbers, which are compared by their own rules). */
    public static int i32(MemorySegment s, long offset) {
        return s.get(U32, offset);
    }

    public static void putU8(MemorySegment s, long offset, int value) {
        s.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    public static void putU16(MemorySegment s, long offset, int value) {
        s.set(U16, offset, (short) value);
    }

    public static void putI32(MemorySegment s, long offset, int value) {
        s.set(U32, offset, value);
    }

    /** A copy of the segment's bytes (for tests, payload handoff to applications and pretty-printing). */
    public static byte[] toArray(MemorySegment s) {
        return s.toArray(ValueLayout.JAVA_BYTE);
    }
}
