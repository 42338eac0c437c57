package dev.wirestack.arp;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ArpCacheTest {
    static final long SECOND = 1_000_000_000L;
    static final Ipv4Address PEER = Ipv4Address.parse("10.1.0.9");
    static final MacAddress PEER_MAC = MacAddress.local(9);

    final ArpCache<String> cache = new ArpCache<>(ArpCache.Config.DEFAULT);

    @Test
    void entriesExpireAfterTheReachableTime() {
        cache.learn(0, PEER, PEER_MAC, true);
        assertThat(cache.lookup(29 * SECOND, PEER)).isEqualTo(PEER_MAC);
        assertThat(cache.nextDeadline()).isEqualTo(30 * SECOND);
        cache.onTimeout(30 * SECOND);
        assertThat(cache.lookup(30 * SECOND, PEER)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void resolutionReleasesTheQueueInOrder() {
        assertThat(cache.enqueue(0, PEER, "a")).isEqualTo(ArpCache.Enqueued.SEND_REQUEST);
        assertThat(cache.enqueue(0, PEER, "b")).isEqualTo(ArpCache.Enqueued.QUEUED);
        ArpCache.Learned<String> learned = cache.learn(SECOND / 2, PEER, PEER_MAC, false);
        assertThat(learned.released()).containsExactly("a", "b");
        assertThat(learned.changed()).isTrue();
    }

    @Test
    void unsolicitedInformationCreatesNothing() {
        assertThat(cache.learn(0, PEER, PEER_MAC, false).recorded()).isFalse();
        assertThat(cache.contains(PEER)).isFalse();
    }

    @Test
    void theTableIsBounded_reachableEntriesMakeRoomFirst() {
        ArpCache<String> small = new ArpCache<>(new ArpCache.Config(Duration.ofSeconds(30), Duration.ofSeconds(1),
                3, 3, 2));
        small.learn(0, Ipv4Address.parse("10.0.0.1"), PEER_MAC, true);
        small.enqueue(0, Ipv4Address.parse("10.0.0.2"), "x");
        assertThat(small.enqueue(0, Ipv4Address.parse("10.0.0.3"), "y")).isEqualTo(ArpCache.Enqueued.SEND_REQUEST);
        assertThat(small.contains(Ipv4Address.parse("10.0.0.1"))).isFalse();
        assertThat(small.enqueue(0, Ipv4Address.parse("10.0.0.4"), "z")).isEqualTo(ArpCache.Enqueued.QUEUE_FULL);
    }
}
