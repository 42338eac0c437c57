package dev.wirestack.arp;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ARP cache of one interface (RFC 826), with the packets waiting for a resolution. Sans-I/O: it decides, the
 * caller sends the requests and the packets it hands back.
 *
 * <p>Life of an entry:
 * <ul>
 *   <li><b>incomplete</b>: created by {@link #enqueue} when a packet needs an address nobody resolved yet. The caller
 *       sends a request at once; {@link #onTimeout} asks for a retry every {@code retryInterval} until
 *       {@code maxRequests} requests went unanswered, then gives up and hands back the queued packets (the caller
 *       drops them as ARP_UNRESOLVED and reports host unreachable to their senders). At most {@code queueLimit}
 *       packets wait per address (Linux's unres_qlen); one more is refused (ARP_QUEUE_FULL), the queued ones stay.</li>
 *   <li><b>reachable</b>: the MAC is known until {@code reachableTime} after it was last confirmed; then the entry is
 *       removed and the next packet resolves the address again.</li>
 * </ul>
 *
 * <p>Learning policy, against cache poisoning. RFC 826 merges the sender of every ARP packet into the table and adds
 * it when the packet targets us. Wirestack is stricter:
 * <ul>
 *   <li>any ARP packet (request, reply, gratuitous) <b>updates</b> an entry that exists (that is RFC 826's merge step,
 *       and it is how an incomplete entry is resolved);</li>
 *   <li>a new entry is <b>created</b> only for the sender of a request whose target is one of our addresses
 *       (RFC 826: we are about to talk to it, since we reply); see {@link #learn}'s {@code mayCreate};</li>
 *   <li>an unsolicited reply or a gratuitous ARP for an address we have no entry for is ignored.</li>
 * </ul>
 * The table holds at most {@code maxEntries} entries; when full, the oldest reachable entry makes room, and when all
 * are incomplete new resolutions are refused.
 *
 * @param <P> what waits for a resolution (the caller's packet type)
 */
public final class ArpCache<P> {

    /** The cache's tunables. Defaults: {@link #DEFAULT}. */
    public record Config(Duration reachableTime, Duration retryInterval, int maxRequests, int queueLimit,
                         int maxEntries) {
        /**
         * 30 s reachable, a request every second, 3 requests, 16 queued packets, 1024 entries (Linux gc_thresh3).
         * Linux once queued 3 packets (unres_qlen); it now bounds bytes (unres_qlen_bytes, ~100 full frames). 16 lets
         * a router hold every fragment of a 20 KB datagram while it resolves the next hop.
         */
        public static final Config DEFAULT = new Config(Duration.ofSeconds(30), Duration.ofSeconds(1), 3, 16, 1024);

        public Config {
            if (!reachableTime.isPositive() || !retryInterval.isPositive()) {
                throw new IllegalArgumentException("ARP times must be positive");
            }
            if (maxRequests < 1 || queueLimit < 1 || maxEntries < 1) {
                throw new IllegalArgumentException("ARP limits must be at least 1");
            }
        }
    }

    /** What {@link #enqueue} did with the packet. */
    public enum Enqueued {
        /** Queued behind a new incomplete entry: send an ARP request now. */
        SEND_REQUEST,
        /** Queued behind a request already sent. */
        QUEUED,
        /** Refused: the queue for this address (or the table) is full. */
        QUEUE_FULL
    }

    /** What {@link #learn} did. {@code released} are the packets that waited for this address, now sendable. */
    public record Learned<P>(boolean recorded, boolean changed, List<P> released) {
    }

    /** A resolution given up after the last request went unanswered, with the packets that waited for it. */
    public record Failure<P>(Ipv4Address address, List<P> dropped) {
    }

    /** What {@link #onTimeout} found: addresses to ask again, and resolutions given up. */
    public record Expiry<P>(List<Ipv4Address> retry, List<Failure<P>> failed) {
    }

    private static final class Entry<P> {
        MacAddress mac; // null while incomplete
        long deadlineNanos; // reachable: expiry; incomplete: next retry or give-up
        int requestsSent;
        final ArrayDeque<P> waiting = new ArrayDeque<>();
    }

    private final Config config;
    // Insertion order gives deterministic iteration (timeouts, eviction) for a given input sequence.
    private final LinkedHashMap<Ipv4Address, Entry<P>> entries = new LinkedHashMap<>();
    /**
     * {@link #nextDeadline} is asked after every frame a host handles but changes only when an entry does, so it is
     * computed once per change: every method that creates, removes or re-times an entry sets this to false.
     */
    private boolean earliestKnown;
    private long earliest = Long.MAX_VALUE;

    public ArpCache(Config config) {
        this.config = config;
    }

    /** The MAC of {@code address} if it is known and still reachable at {@code nowNanos}, else null. */
    public MacAddress lookup(long nowNanos, Ipv4Address address) {
        Entry<P> entry = entries.get(address);
        if (entry == null || entry.mac == null || nowNanos >= entry.deadlineNanos) {
            return null;
        }
        return entry.mac;
    }

    /** Queues {@code packet} until {@code address} is resolved. Call it only when {@link #lookup} found nothing. */
    public Enqueued enqueue(long nowNanos, Ipv4Address address, P packet) {
        earliestKnown = false;
        Entry<P> entry = entries.get(address);
        if (entry != null && entry.mac != null) {
            entries.remove(address); // expired reachable entry: resolve again
            entry = null;
        }
        if (entry == null) {
            if (!makeRoom()) {
                return Enqueued.QUEUE_FULL;
            }
            entry = new Entry<>();
            entry.requestsSent = 1;
            entry.deadlineNanos = nowNanos + config.retryInterval().toNanos();
            entry.waiting.add(packet);
            entries.put(address, entry);
            return Enqueued.SEND_REQUEST;
        }
        if (entry.waiting.size() >= config.queueLimit()) {
            return Enqueued.QUEUE_FULL;
        }
        entry.waiting.add(packet);
        return Enqueued.QUEUED;
    }

    /**
     * Takes in the sender of an ARP packet: {@code address} is at {@code mac}. An existing entry is updated (an
     * incomplete one is resolved and its packets released); a new entry is created only when {@code mayCreate},
     * which the caller sets for a request targeting one of its own addresses (see the class comment).
     */
    public Learned<P> learn(long nowNanos, Ipv4Address address, MacAddress mac, boolean mayCreate) {
        earliestKnown = false;
        Entry<P> entry = entries.get(address);
        if (entry == null) {
            if (!mayCreate || !makeRoom()) {
                return new Learned<>(false, false, List.of());
            }
            entry = new Entry<>();
            entries.put(address, entry);
        }
        boolean changed = !mac.equals(entry.mac);
        entry.mac = mac;
        entry.requestsSent = 0;
        entry.deadlineNanos = nowNanos + config.reachableTime().toNanos();
        List<P> released = new ArrayList<>(entry.waiting);
        entry.waiting.clear();
        return new Learned<>(true, changed, released);
    }

    /** The earliest retry, give-up or expiry, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        if (!earliestKnown) {
            earliest = Long.MAX_VALUE;
            for (Entry<P> entry : entries.values()) {
                earliest = Math.min(earliest, entry.deadlineNanos);
            }
            earliestKnown = true;
        }
        return earliest;
    }

    /** Runs the timers due at {@code nowNanos}: expires reachable entries, retries or gives up incomplete ones. */
    public Expiry<P> onTimeout(long nowNanos) {
        earliestKnown = false;
        List<Ipv4Address> retry = new ArrayList<>();
        List<Failure<P>> failed = new ArrayList<>();
        for (Iterator<Map.Entry<Ipv4Address, Entry<P>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Ipv4Address, Entry<P>> e = it.next();
            Entry<P> entry = e.getValue();
            if (nowNanos < entry.deadlineNanos) {
                continue;
            }
            if (entry.mac != null) {
                it.remove();
            } else if (entry.requestsSent < config.maxRequests()) {
                entry.requestsSent++;
                entry.deadlineNanos = nowNanos + config.retryInterval().toNanos();
                retry.add(e.getKey());
            } else {
                it.remove();
                failed.add(new Failure<>(e.getKey(), List.copyOf(entry.waiting)));
            }
        }
        return new Expiry<>(retry, failed);
    }

    /** Forgets everything (the interface went down) and returns the packets that were waiting. */
    public List<P> clear() {
        earliestKnown = false;
        List<P> waiting = new ArrayList<>();
        entries.values().forEach(entry -> waiting.addAll(entry.waiting));
        entries.clear();
        return waiting;
    }

    public int size() {
        return entries.size();
    }

    /** Whether {@code address} has an entry, reachable or incomplete. */
    public boolean contains(Ipv4Address address) {
        return entries.containsKey(address);
    }

    private boolean makeRoom() {
        if (entries.size() < config.maxEntries()) {
            return true;
        }
        for (Iterator<Entry<P>> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().mac != null) {
                it.remove();
                return true;
            }
        }
        return false;
    }
}
