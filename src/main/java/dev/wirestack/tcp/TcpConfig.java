package dev.wirestack.tcp;

import dev.wirestack.tcp.cc.CongestionControlFactory;
import dev.wirestack.tcp.cc.NewReno;
import java.time.Duration;

/**
 * The knobs of one connection, with Linux-like defaults in {@link #DEFAULT}.
 *
 * <p>Delayed ACK: RFC 9293 section 3.8.6.3 allows up to 500 ms and RFC 1122 recommends 200 ms; the default here is
 * 40 ms, Linux's {@code TCP_DELACK_MIN}, because Linux is the peer these connections meet most and 40 ms keeps the
 * Nagle/delayed-ACK stall visible but short. TIME-WAIT lasts {@code 2 * msl} (RFC 9293 section 3.4.2): 60 s with the
 * default MSL of 30 s, as Linux's {@code TCP_TIMEWAIT_LEN}.
 *
 * @param mss                 our maximum segment size, announced in the SYN (the host derives it from the MTU)
 * @param sendBufferBytes     the send buffer's capacity
 * @param receiveBufferBytes  the receive buffer's capacity, the largest window offered
 * @param windowScaling       offer window scaling (RFC 7323 section 2)
 * @param timestamps          offer timestamps (RFC 7323 section 3)
 * @param sack                offer SACK-permitted (RFC 2018)
 * @param noDelay             disable Nagle's algorithm (RFC 9293 section 3.7.4)
 * @param delayedAck          the longest an ACK is delayed (RFC 9293 section 3.8.6.3)
 * @param minRto              the floor of the retransmission timeout (RFC 6298 section 2.4; Linux 200 ms)
 * @param initialRto          the RTO before any RTT sample (RFC 6298 section 2.1)
 * @param maxRto              the ceiling of the RTO and its backoff (RFC 6298 section 2.5)
 * @param synRetries          SYN retransmissions before the connect fails (Linux tcp_syn_retries)
 * @param synAckRetries       SYN-ACK retransmissions before a half-open connection is dropped (tcp_synack_retries)
 * @param dataRetries         data retransmissions of one segment before the connection fails (tcp_retries2)
 * @param msl                 the maximum segment lifetime (RFC 9293 section 3.4.2)
 * @param keepAlive           send keepalive probes on an idle connection (RFC 9293 section 3.8.4; off by default)
 * @param keepAliveIdle       idle time before the first probe
 * @param keepAliveInterval   time between unanswered probes
 * @param keepAliveCount      unanswered probes before the connection fails
 * @param congestionControl   makes the congestion controller of each connection
 */
public record TcpConfig(int mss, int sendBufferBytes, int receiveBufferBytes, boolean windowScaling,
                        boolean timestamps, boolean sack, boolean noDelay, Duration delayedAck, Duration minRto,
                        Duration initialRto, Duration maxRto, int synRetries, int synAckRetries, int dataRetries,
                        Duration msl, boolean keepAlive, Duration keepAliveIdle, Duration keepAliveInterval,
                        int keepAliveCount, CongestionControlFactory congestionControl) {

    /** The receive buffer can be at most 2^30 bytes: the largest window scaling can announce (RFC 7323 2.3). */
    public static final int MAX_BUFFER_BYTES = 1 << 30;

    public static final TcpConfig DEFAULT = new TcpConfig(1460, 256 * 1024, 256 * 1024, true, true, true, false,
            Duration.ofMillis(40), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(120), 6, 5, 15,
            Duration.ofSeconds(30), false, Duration.ofSeconds(7200), Duration.ofSeconds(75), 9, NewReno::new);

    public TcpConfig {
        if (mss < 64 || mss > 65495) {
            throw new IllegalArgumentException("mss must be 64..65495: " + mss);
        }
        requireBuffer("sendBufferBytes", sendBufferBytes);
        requireBuffer("receiveBufferBytes", receiveBufferBytes);
        requirePositive("delayedAck", delayedAck);
        requirePositive("minRto", minRto);
        requirePositive("msl", msl);
        requirePositive("keepAliveIdle", keepAliveIdle);
        requirePositive("keepAliveInterval", keepAliveInterval);
        if (initialRto == null || maxRto == null || initialRto.compareTo(minRto) < 0
                || maxRto.compareTo(initialRto) < 0) {
            throw new IllegalArgumentException("need minRto <= initialRto <= maxRto: " + minRto + ", " + initialRto
                    + ", " + maxRto);
        }
        if (synRetries < 0 || synAckRetries < 0 || dataRetries < 0 || keepAliveCount < 1) {
            throw new IllegalArgumentException("retry counts must not be negative and keepAliveCount >= 1");
        }
        if (congestionControl == null) {
            throw new IllegalArgumentException("congestionControl must not be null");
        }
    }

    public TcpConfig withMss(int newMss) {
        return new TcpConfig(newMss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl, keepAlive,
                keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    public TcpConfig withBuffers(int newSendBufferBytes, int newReceiveBufferBytes) {
        return new TcpConfig(mss, newSendBufferBytes, newReceiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl, keepAlive,
                keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    /** Which options the SYN offers: window scaling, timestamps and SACK-permitted. */
    public TcpConfig withOptions(boolean newWindowScaling, boolean newTimestamps, boolean newSack) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, newWindowScaling, newTimestamps, newSack,
                noDelay, delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl,
                keepAlive, keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    public TcpConfig withNoDelay(boolean newNoDelay) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, newNoDelay,
                delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl, keepAlive,
                keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    public TcpConfig withDelayedAck(Duration newDelayedAck) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                newDelayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl, keepAlive,
                keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    public TcpConfig withRto(Duration newMinRto, Duration newInitialRto, Duration newMaxRto) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, newMinRto, newInitialRto, newMaxRto, synRetries, synAckRetries, dataRetries, msl,
                keepAlive, keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    public TcpConfig withRetries(int newSynRetries, int newSynAckRetries, int newDataRetries) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, minRto, initialRto, maxRto, newSynRetries, newSynAckRetries, newDataRetries, msl,
                keepAlive, keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    public TcpConfig withMsl(Duration newMsl) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, newMsl, keepAlive,
                keepAliveIdle, keepAliveInterval, keepAliveCount, congestionControl);
    }

    /** Turns keepalive on with the given idle time, probe interval and probe count. */
    public TcpConfig withKeepAlive(Duration idle, Duration interval, int count) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl, true, idle,
                interval, count, congestionControl);
    }

    public TcpConfig withCongestionControl(CongestionControlFactory factory) {
        return new TcpConfig(mss, sendBufferBytes, receiveBufferBytes, windowScaling, timestamps, sack, noDelay,
                delayedAck, minRto, initialRto, maxRto, synRetries, synAckRetries, dataRetries, msl, keepAlive,
                keepAliveIdle, keepAliveInterval, keepAliveCount, factory);
    }

    /** How long TIME-WAIT lasts: 2 * MSL (RFC 9293 section 3.4.2). */
    public Duration timeWait() {
        return msl.multipliedBy(2);
    }

    /** The window scale we offer: the smallest shift that lets the receive buffer be announced (RFC 7323 2.2). */
    public int offeredWindowScale() {
        int shift = 0;
        while ((0xffffL << shift) < receiveBufferBytes && shift < 14) {
            shift++;
        }
        return shift;
    }

    private static void requireBuffer(String name, int bytes) {
        if (bytes < 1 || bytes > MAX_BUFFER_BYTES) {
            throw new IllegalArgumentException(name + " must be 1..2^30: " + bytes);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
