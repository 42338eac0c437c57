package dev.wirestack.stack;

import dev.wirestack.arp.ArpCache;

import java.time.Duration;

/**
 * A host's tunables, with Linux-like defaults ({@link #DEFAULT}).
 *
 * @param arp                 ARP cache times and limits
 * @param reassemblyTimeout   how long fragments wait for the rest of their datagram (Linux ipfrag_time: 30 s)
 * @param reassemblyMemory    payload bytes reassembly may hold (Linux ipfrag_high_thresh scaled down: 256 KiB)
 * @param icmpErrorInterval   one ICMP error token per interval (Linux icmp_msgs_per_sec 1000: 1 ms)
 * @param icmpErrorBurst      tokens in a full bucket (Linux icmp_msgs_burst: 50)
 * @param transmitQueueLimit  frames waiting per interface for pollTransmit (Linux txqueuelen: 1000)
 * @param sendQueueLimit      application sends waiting for the next poll, across all sockets
 * @param receiveQueueLimit   datagrams waiting per UDP socket
 * @param frameEvents         emit FrameSent/FrameReceived trace events (off when the driver emits them)
 * @param gratuitousArp       announce an interface's address when it comes up (RFC 5227 section 3)
 */
public record HostConfig(ArpCache.Config arp, Duration reassemblyTimeout, int reassemblyMemory,
                         Duration icmpErrorInterval, int icmpErrorBurst, int transmitQueueLimit, int sendQueueLimit,
                         int receiveQueueLimit, boolean frameEvents, boolean gratuitousArp) {

    public static final HostConfig DEFAULT = new HostConfig(ArpCache.Config.DEFAULT, Duration.ofSeconds(30),
            256 * 1024, Duration.ofMillis(1), 50, 1000, 1024, 64, true, true);

    public HostConfig {
        if (transmitQueueLimit < 1 || sendQueueLimit < 1 || receiveQueueLimit < 1) {
            throw new IllegalArgumentException("queue limits must be at least 1");
        }
    }

    public HostConfig withArp(ArpCache.Config value) {
        return new HostConfig(value, reassemblyTimeout, reassemblyMemory, icmpErrorInterval, icmpErrorBurst,
                transmitQueueLimit, sendQueueLimit, receiveQueueLimit, frameEvents, gratuitousArp);
    }

    public HostConfig withReassembly(Duration timeout, int memory) {
        return new HostConfig(arp, timeout, memory, icmpErrorInterval, icmpErrorBurst, transmitQueueLimit,
                sendQueueLimit, receiveQueueLimit, frameEvents, gratuitousArp);
    }

    public HostConfig withIcmpErrorRate(Duration interval, int burst) {
        return new HostConfig(arp, reassemblyTimeout, reassemblyMemory, interval, burst, transmitQueueLimit,
                sendQueueLimit, receiveQueueLimit, frameEvents, gratuitousArp);
    }

    public HostConfig withQueues(int transmit, int send, int receive) {
        return new HostConfig(arp, reassemblyTimeout, reassemblyMemory, icmpErrorInterval, icmpErrorBurst, transmit,
                send, receive, frameEvents, gratuitousArp);
    }

    public HostConfig withFrameEvents(boolean value) {
        return new HostConfig(arp, reassemblyTimeout, reassemblyMemory, icmpErrorInterval, icmpErrorBurst,
                transmitQueueLimit, sendQueueLimit, receiveQueueLimit, value, gratuitousArp);
    }

    public HostConfig withGratuitousArp(boolean value) {
        return new HostConfig(arp, reassemblyTimeout, reassemblyMemory, icmpErrorInterval, icmpErrorBurst,
                transmitQueueLimit, sendQueueLimit, receiveQueueLimit, frameEvents, value);
    }
}
