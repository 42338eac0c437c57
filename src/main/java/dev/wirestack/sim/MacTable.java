package dev.wirestack.sim;

import dev.wirestack.wire.MacAddress;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A switch's filtering database: MAC address to port, with the time each address was last seen. Bounded: once full,
 * new addresses are not learned (their frames are flooded), as in a real switch.
 *
 * <p>Open addressing with linear probing over primitive arrays, so the per-frame lookup and learn allocate nothing.
 * Deletion shifts the following entries back (Knuth's algorithm R) instead of leaving tombstones.
 */
final class MacTable {
    /** The outcome of {@link #learn}. */
    enum Learned { NEW, MOVED, REFRESHED, TABLE_FULL }

    /** MAC addresses are 48-bit and non-negative, so -1 marks an empty slot. */
    private static final long EMPTY = -1;

    private final long[] macs;
    private final int[] ports;
    private final long[] lastSeen;
    private final int mask;
    private final int hashShift;
    private final int capacity;
    private int size;

    MacTable(int capacity) {
        if (capacity < 1 || capacity > (1 << 29)) {
            throw new IllegalArgumentException("MAC table capacity must be in [1, 2^29]: " + capacity);
        }
        // At least twice as many slots as entries keeps probe sequences short.
        int slots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.macs = new long[slots];
        Arrays.fill(macs, EMPTY);
        this.ports = new int[slots];
        this.lastSeen = new long[slots];
        this.mask = slots - 1;
        this.hashShift = 64 - Integer.numberOfTrailingZeros(slots);
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    /** The port {@code mac} was learned on, or -1 if unknown or older than {@code agingNanos} (then forgotten). */
    int portOf(long mac, long now, long agingNanos) {
        int slot = slotOf(mac);
        if (macs[slot] == EMPTY) {
            return -1;
        }
        if (now - lastSeen[slot] >= agingNanos) {
            removeAt(slot);
            return -1;
        }
        return ports[slot];
    }

    Learned learn(long mac, int port, long now) {
        int slot = slotOf(mac);
        if (macs[slot] == mac) {
            lastSeen[slot] = now;
            if (ports[slot] == port) {
                return Learned.REFRESHED;
            }
            ports[slot] = port;
            return Learned.MOVED;
        }
        if (size == capacity) {
            return Learned.TABLE_FULL;
        }
        macs[slot] = mac;
        ports[slot] = port;
        lastSeen[slot] = now;
        size++;
        return Learned.NEW;
    }

    /**
     * Forgets every address not seen for {@code agingNanos}, and returns when the oldest remaining one was last seen
     * ({@link Long#MAX_VALUE} when the table is empty).
     */
    long removeExpired(long now, long agingNanos) {
        long oldest = Long.MAX_VALUE;
        int slot = 0;
        while (slot < macs.length) {
            if (macs[slot] != EMPTY && now - lastSeen[slot] >= agingNanos) {
                // The shift may pull a later entry into this slot: look at it again.
                removeAt(slot);
                continue;
            }
            if (macs[slot] != EMPTY) {
                oldest = Math.min(oldest, lastSeen[slot]);
            }
            slot++;
        }
        return oldest;
    }

    /** The entries, ordered by address. */
    Map<MacAddress, Integer> snapshot() {
        Map<MacAddress, Integer> entries = new TreeMap<>((x, y) -> Long.compare(x.bits(), y.bits()));
        for (int slot = 0; slot < macs.length; slot++) {
            if (macs[slot] != EMPTY) {
                entries.put(new MacAddress(macs[slot]), ports[slot]);
            }
        }
        return entries;
    }

    private int home(long mac) {
        // Fibonacci hashing: locally administered addresses differ only in their low bits.
        return (int) ((mac * 0x9E37_79B9_7F4A_7C15L) >>> hashShift);
    }

    private int slotOf(long mac) {
        int slot = home(mac);
        while (macs[slot] != EMPTY && macs[slot] != mac) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void removeAt(int slot) {
        int hole = slot;
        int next = slot;
        while (true) {
            next = (next + 1) & mask;
            if (macs[next] == EMPTY) {
                break;
            }
            // The entry at next may fill the hole unless its home lies cyclically after the hole.
            if (((next - home(macs[next])) & mask) >= ((next - hole) & mask)) {
                macs[hole] = macs[next];
                ports[hole] = ports[next];
                lastSeen[hole] = lastSeen[next];
                hole = next;
            }
        }
        macs[hole] = EMPTY;
        size--;
    }
}
