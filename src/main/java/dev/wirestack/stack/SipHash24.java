package dev.wirestack.stack;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012), the keyed hash Linux uses for its TCP initial sequence numbers and SYN
 * cookies, over 24-byte messages (three 64-bit words: enough for a 4-tuple and two more 32-bit values). The JDK has no SipHash; HMAC-SHA256 from javax.crypto
 * would do the job too, but allocates and costs a microsecond per call, where this allocates nothing and is a few
 * dozen additions and rotations: it runs for every SYN, so for every connection.
 *
 * <p>Not a protocol, and not encryption: a pseudo-random function whose outputs an off-path attacker cannot predict
 * without the 128-bit key (RFC 6528 section 3 asks no more of F).
 */
final class SipHash24 {
    private final long k0;
    private final long k1;

    SipHash24(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The hash of the 24-byte message {@code w0 w1 w2}, each word little-endian (the reference vectors' order). */
    long hash(long w0, long w1, long w2) {
        State s = new State(k0, k1);
        s.compress(w0);
        s.compress(w1);
        s.compress(w2);
        // The last block holds the message length in bytes in its top byte; whole words leave nothing else in it.
        s.compress(24L << 56);
        return s.finish();
    }

    /** The four state words; a local object the JIT's escape analysis keeps in registers. */
    private static final class State {
        long v0;
        long v1;
        long v2;
        long v3;

        State(long k0, long k1) {
            v0 = k0 ^ 0x736f6d6570736575L;
            v1 = k1 ^ 0x646f72616e646f6dL;
            v2 = k0 ^ 0x6c7967656e657261L;
            v3 = k1 ^ 0x7465646279746573L;
        }

        void compress(long m) {
            v3 ^= m;
            round();
            round();
            v0 ^= m;
        }

        long finish() {
            v2 ^= 0xff;
            round();
            round();
            round();
            round();
            return v0 ^ v1 ^ v2 ^ v3;
        }

        private void round() {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
    }
}
