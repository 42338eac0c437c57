package dev.wirestack.stack;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;

import java.util.random.RandomGenerator;

/**
 * Initial sequence numbers per RFC 6528 section 3 (and RFC 9293 section 3.4.1): {@code ISN = M + F(localip,
 * localport, remoteip, remoteport, secretkey)}, where M is a clock ticking every 4 microseconds and F a keyed
 * pseudo-random function, here {@link SipHash24} (as in Linux's secure_tcp_seq) with a 128-bit key drawn once from
 * the host's injected generator.
 *
 * <p>So ISNs of one 4-tuple grow with time (old duplicates of an earlier incarnation fall outside the new
 * connection's window), while ISNs of different 4-tuples are unrelated: an off-path attacker who learns the ISN of
 * its own connection learns nothing about another's. The same seed gives the same key, and the same ISNs.
 */
final class IsnGenerator {
    /** RFC 9293 section 3.4.1: the ISN clock is "incremented roughly every 4 microseconds". */
    static final long NANOS_PER_TICK = 4_000;

    private final SipHash24 f;

    IsnGenerator(RandomGenerator random) {
        this.f = new SipHash24(random.nextLong(), random.nextLong());
    }

    SeqNum isn(long nowNanos, Ipv4Address localAddress, int localPort, Ipv4Address remoteAddress, int remotePort) {
        int m = (int) (nowNanos / NANOS_PER_TICK);
        long hash = f.hash(addresses(localAddress, remoteAddress), ports(localPort, remotePort), 0);
        return new SeqNum(m + (int) hash);
    }

    static long addresses(Ipv4Address local, Ipv4Address remote) {
        return (long) local.bits() << 32 | (remote.bits() & 0xffff_ffffL);
    }

    static long ports(int localPort, int remotePort) {
        return (long) localPort << 16 | remotePort;
    }
}
