package dev.wirestack.ip;

import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts IPv4 fragments back together (RFC 791 section 3.2, RFC 815), keyed by (source, destination, protocol,
 * identification). Sans-I/O: {@link #accept} takes a fragment, {@link #onTimeout} expires what is overdue.
 *
 * <p>Rules:
 * <ul>
 *   <li><b>Timeout</b>: a datagram not complete {@code timeout} after its first fragment arrived is dropped
 *       (REASSEMBLY_TIMEOUT); {@link Expired} says whether its first fragment had arrived, because only then may an ICMP
 *       time exceeded (code 1) be sent (RFC 792, RFC 1122 3.3.2).</li>
 *   <li><b>Memory cap</b>: the payload bytes held across all datagrams never exceed {@code memoryCap}. A fragment that
 *       would go over is dropped (REASSEMBLY_MEMORY_FULL); datagrams already held keep their chance to complete and
 *       free their memory when they complete or expire (newer Linux kernels do the same, rather than evicting).</li>
 *   <li><b>Overlap</b>: a fragment that overlaps bytes already received drops the whole datagram (FRAGMENT_OVERLAP),
 *       and the fragments of it that arrive later until its timeout too: RFC 5722's rule, applied to IPv4 against
 *       overlap attacks. An exact duplicate (same offset, same bytes) is not an overlap: it is ignored, since
 *       networks duplicate packets.</li>
 *   <li><b>Length</b>: a datagram longer than 65535 bytes, a fragment past the end set by the last fragment, two
 *       different ends, a non-last fragment whose length is not a multiple of 8, or an empty fragment: the datagram
 *       is dropped (BAD_LENGTH).</li>
 * </ul>
 */
public final class Ipv4Reassembler {
    /** How many dropped datagrams are remembered (to drop their later fragments) at most. */
    private static final int MAX_TOMBSTONES = 1024;

    /** The datagram's identity (RFC 791: source, destination, protocol, identification). */
    public record Key(Ipv4Address source, Ipv4Address destination, int protocol, int identification) {
        static Key of(Ipv4Header header) {
            return new Key(header.source(), header.destination(), header.protocol(), header.identification());
        }
    }

    /** What became of a fragment. */
    public sealed interface Result {
    }

    /** The datagram is complete: its header (unfragmented, with the full total length) and its payload. */
    public record Complete(Ipv4Header header, byte[] payload, int fragments) implements Result {
    }

    /** Held, waiting for more fragments (or an exact duplicate, ignored). */
    public record Incomplete() implements Result {
    }

    /** Dropped (and with it, for overlap and length faults, everything held of its datagram). */
    public record Dropped(DropReason reason, String detail) implements Result {
    }

    /**
     * A datagram given up at its timeout. {@code firstHeader} and {@code firstPayload} are the first fragment's header
     * and payload (for the quote of an ICMP time exceeded), or null when the first fragment never arrived.
     */
    public record Expired(Key key, Ipv4Header firstHeader, byte[] firstPayload, int fragments, int bytesHeld) {
        public boolean firstFragmentReceived() {
            return firstHeader != null;
        }
    }

    private static final class Datagram {
        final long deadlineNanos;
        final TreeMap<Integer, byte[]> pieces = new TreeMap<>();
        Ipv4Header first;
        int end = -1; // payload length, known once the last fragment arrived
        int bytes;
        int fragments;
        boolean dropped; // a tombstone: later fragments are dropped until the deadline

        Datagram(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    private final long timeoutNanos;
    private final int memoryCap;
    // Insertion order is deadline order (every datagram gets now + timeout, and time only moves forward).
    private final LinkedHashMap<Key, Datagram> datagrams = new LinkedHashMap<>();
    private int bytesHeld;
    private int tombstones;

    public Ipv4Reassembler(Duration timeout, int memoryCap) {
        if (!timeout.isPositive() || memoryCap < 1) {
            throw new IllegalArgumentException("the reassembly timeout and memory cap must be positive");
        }
        this.timeoutNanos = timeout.toNanos();
        this.memoryCap = memoryCap;
    }

    /** 30 s and 256 KiB. */
    public static Ipv4Reassembler withDefaults() {
        return new Ipv4Reassembler(Duration.ofSeconds(30), 256 * 1024);
    }

    /** Takes in one fragment ({@code header.isFragment()}) and its payload. */
    public Result accept(long nowNanos, Ipv4Header header, MemorySegment payload) {
        Key key = Key.of(header);
        Datagram datagram = datagrams.get(key);
        if (datagram != null && datagram.dropped) {
            return new Dropped(DropReason.FRAGMENT_OVERLAP, "fragment of a datagram dropped for overlap: " + key);
        }
        int start = header.fragmentOffset();
        int length = (int) payload.byteSize();
        int end = start + length;
        String lengthFault = lengthFault(header, length, end, datagram);
        if (lengthFault != null) {
            discard(key, datagram, false);
            return new Dropped(DropReason.BAD_LENGTH, lengthFault);
        }
        if (datagram != null) {
            Overlap overlap = overlap(datagram, start, payload);
            if (overlap == Overlap.DUPLICATE) {
                return new Incomplete();
            }
            if (overlap == Overlap.CONFLICT) {
                discard(key, datagram, true);
                return new Dropped(DropReason.FRAGMENT_OVERLAP, "fragment " + start + ".." + end + " overlaps: " + key);
            }
        }
        if (bytesHeld + length > memoryCap) {
            return new Dropped(DropReason.REASSEMBLY_MEMORY_FULL,
                    "holding " + bytesHeld + " of " + memoryCap + " bytes, fragment of " + length);
        }
        if (datagram == null) {
            datagram = new Datagram(nowNanos + timeoutNanos);
            datagrams.put(key, datagram);
        }
        datagram.pieces.put(start, payload.toArray(ValueLayout.JAVA_BYTE));
        datagram.bytes += length;
        datagram.fragments++;
        bytesHeld += length;
        if (start == 0) {
            datagram.first = header;
        }
        if (!header.moreFragments()) {
            datagram.end = end;
        }
        return isComplete(datagram) ? complete(key, datagram) : new Incomplete();
    }

    private static String lengthFault(Ipv4Header header, int length, int end, Datagram datagram) {
        if (length == 0) {
            return "empty fragment at " + header.fragmentOffset();
        }
        if (header.moreFragments() && length % 8 != 0) {
            return "non-last fragment of " + length + " bytes, not a multiple of 8";
        }
        if (end + header.headerLength() > Ipv4Header.MAX_TOTAL_LENGTH) {
            return "datagram would exceed 65535 bytes";
        }
        if (datagram == null) {
            return null;
        }
        if (!header.moreFragments()) {
            if (datagram.end >= 0 && datagram.end != end) {
                return "two last fragments end at " + datagram.end + " and " + end;
            }
            if (!datagram.pieces.isEmpty() && lastEnd(datagram) > end) {
                return "last fragment ends at " + end + " before data already received";
            }
        } else if (datagram.end >= 0 && end > datagram.end) {
            return "fragment ends at " + end + " past the datagram's end " + datagram.end;
        }
        return null;
    }

    private enum Overlap { NONE, DUPLICATE, CONFLICT }

    private static Overlap overlap(Datagram datagram, int start, MemorySegment payload) {
        int end = start + (int) payload.byteSize();
        Map.Entry<Integer, byte[]> before = datagram.pieces.floorEntry(start);
        if (before != null && before.getKey() == start) {
            byte[] same = before.getValue();
            return Arrays.equals(same, payload.toArray(ValueLayout.JAVA_BYTE)) ? Overlap.DUPLICATE : Overlap.CONFLICT;
        }
        if (before != null && before.getKey() + before.getValue().length > start) {
            return Overlap.CONFLICT;
        }
        Map.Entry<Integer, byte[]> after = datagram.pieces.higherEntry(start);
        return after != null && after.getKey() < end ? Overlap.CONFLICT : Overlap.NONE;
    }

    private static int lastEnd(Datagram datagram) {
        Map.Entry<Integer, byte[]> last = datagram.pieces.lastEntry();
        return last.getKey() + last.getValue().length;
    }

    private static boolean isComplete(Datagram datagram) {
        if (datagram.end < 0 || datagram.first == null) {
            return false;
        }
        int covered = 0;
        for (Map.Entry<Integer, byte[]> piece : datagram.pieces.entrySet()) {
            if (piece.getKey() != covered) {
                return false;
            }
            covered += piece.getValue().length;
        }
        return covered == datagram.end;
    }

    private Complete complete(Key key, Datagram datagram) {
        byte[] payload = new byte[datagram.end];
        datagram.pieces.forEach((offset, bytes) -> System.arraycopy(bytes, 0, payload, offset, bytes.length));
        datagrams.remove(key);
        bytesHeld -= datagram.bytes;
        Ipv4Header header = datagram.first.withFragment(0, false, datagram.first.headerLength() + datagram.end);
        return new Complete(header, payload, datagram.fragments);
    }

    /** Frees a datagram's memory; with {@code remember}, keeps a tombstone so its later fragments are dropped too. */
    private void discard(Key key, Datagram datagram, boolean remember) {
        if (datagram == null) {
            return;
        }
        bytesHeld -= datagram.bytes;
        datagram.bytes = 0;
        datagram.pieces.clear();
        datagram.first = null;
        if (!remember) {
            datagrams.remove(key);
            return;
        }
        datagram.dropped = true;
        tombstones++;
        if (tombstones > MAX_TOMBSTONES) {
            forgetOldestTombstone();
        }
    }

    private void forgetOldestTombstone() {
        for (Iterator<Datagram> it = datagrams.values().iterator(); it.hasNext(); ) {
            if (it.next().dropped) {
                it.remove();
                tombstones--;
                return;
            }
        }
    }

    /** The earliest timeout of a datagram held, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        return datagrams.isEmpty() ? Long.MAX_VALUE : datagrams.values().iterator().next().deadlineNanos;
    }

    /** Drops every datagram whose timeout has come and returns them (tombstones are forgotten silently). */
    public List<Expired> onTimeout(long nowNanos) {
        List<Expired> expired = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Datagram>> it = datagrams.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Datagram> entry = it.next();
            Datagram datagram = entry.getValue();
            if (datagram.deadlineNanos > nowNanos) {
                break;
            }
            it.remove();
            if (datagram.dropped) {
                tombstones--;
                continue;
            }
            bytesHeld -= datagram.bytes;
            byte[] firstPayload = datagram.first == null ? null : datagram.pieces.get(0);
            expired.add(new Expired(entry.getKey(), datagram.first, firstPayload, datagram.fragments, datagram.bytes));
        }
        return expired;
    }

    /** Payload bytes held across all incomplete datagrams. */
    public int bytesHeld() {
        return bytesHeld;
    }

    /** Incomplete datagrams held (tombstones not counted). */
    public int datagramsHeld() {
        return datagrams.size() - tombstones;
    }

    public int memoryCap() {
        return memoryCap;
    }
}
