package dev.wirestack.stack;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;

import java.util.random.RandomGenerator;

/**
 * SYN cookies (RFC 4987 section 3.6, as Linux does them): when a listener's half-open queue is full, the SYN-ACK's
 * sequence number carries what the listener would have stored, and the listener forgets the SYN. A real client's
 * ACK brings the cookie back as {@code ACK - 1}; a valid one recreates the connection.
 *
 * <pre>
 *  31      27 26   24 23                                              0
 * +----------+-------+-------------------------------------------------+
 * | t mod 32 | MSS i |  SipHash(addresses, ports, client ISN, t, i) [24] |
 * +----------+-------+-------------------------------------------------+
 * </pre>
 *
 * <p>t counts 64-second intervals (RFC 4987: "a slowly incrementing time counter"); a cookie is accepted in its own
 * interval and the next, so it lives 64 to 128 seconds. The MSS is one of eight values, the largest not above the
 * client's. The hash key comes from the host's injected generator. What cookies cannot carry is lost, as RFC 4987
 * says: window scaling, SACK and timestamps are not offered in a cookie SYN-ACK (Linux hides them in the timestamp
 * option instead; that refinement is not done here).
 */
final class SynCookies {
    /** The MSS values a cookie can carry: common link MTUs minus 40, and 536, the default when none is given. */
    static final int[] MSS_TABLE = {536, 1200, 1300, 1360, 1400, 1440, 1460, 8960};

    static final long NANOS_PER_COUNT = 64_000_000_000L;

    private static final int HASH_BITS = 24;
    private static final int HASH_MASK = (1 << HASH_BITS) - 1;
    private static final int MSS_SHIFT = 24;
    private static final int COUNT_SHIFT = 27;
    private static final int COUNT_MASK = 0x1f;

    private final SipHash24 hash;

    SynCookies(RandomGenerator random) {
        this.hash = new SipHash24(random.nextLong(), random.nextLong());
    }

    /** The cookie for a SYN from {@code remote} with sequence number {@code clientIsn} offering {@code peerMss}. */
    SeqNum cookie(long nowNanos, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress, int remotePort,
                  SeqNum clientIsn, int peerMss) {
        long count = count(nowNanos);
        int mssIndex = mssIndex(peerMss);
        int mac = mac(count, mssIndex, localAddress, localPort, remoteAddress, remotePort, clientIsn);
        return new SeqNum((int) (count & COUNT_MASK) << COUNT_SHIFT | mssIndex << MSS_SHIFT | mac);
    }

    /**
     * Checks the cookie of an ACK ({@code ack - 1}) against its 4-tuple and its sequence number (client ISN + 1):
     * the MSS the cookie carries, or -1 when the cookie is not one this host made in the last two intervals.
     */
    int check(long nowNanos, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress, int remotePort,
              SeqNum ackSeq, SeqNum ack) {
        int cookie = ack.plus(-1).value();
        SeqNum clientIsn = ackSeq.plus(-1);
        long now = count(nowNanos);
        for (long count = now; count >= Math.max(0, now - 1); count--) {
            int mssIndex = (cookie >>> MSS_SHIFT) & 0x7;
            if ((cookie >>> COUNT_SHIFT) == (int) (count & COUNT_MASK) && (cookie & HASH_MASK)
                    == mac(count, mssIndex, localAddress, localPort, remoteAddress, remotePort, clientIsn)) {
                return MSS_TABLE[mssIndex];
            }
        }
        return -1;
    }

    /** The index of the largest table MSS not above {@code peerMss} (536, index 0, when the peer is smaller). */
    static int mssIndex(int peerMss) {
        for (int i = MSS_TABLE.length - 1; i > 0; i--) {
            if (MSS_TABLE[i] <= peerMss) {
                return i;
            }
        }
        return 0;
    }

    private static long count(long nowNanos) {
        return nowNanos / NANOS_PER_COUNT;
    }

    private int mac(long count, int mssIndex, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress,
                    int remotePort, SeqNum clientIsn) {
        long portsAndIsn = IsnGenerator.ports(localPort, remotePort) << 32 | clientIsn.unsigned();
        return (int) hash.hash(IsnGenerator.addresses(localAddress, remoteAddress), portsAndIsn,
                count << 3 | mssIndex) & HASH_MASK;
    }
}
