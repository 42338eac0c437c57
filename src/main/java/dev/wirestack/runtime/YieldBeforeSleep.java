package dev.wirestack.runtime;

/**
 * Whether an event loop that just did some work gives its CPU away once ({@link Thread#yield()}) and looks for
 * ready events again without blocking, before it goes to sleep (in a selector, or a device's poll).
 *
 * <p>Why: when the loop shares its cores with its peers (a load generator or proxy on the same machine, the usual
 * way an HTTP server is measured), going to sleep the moment it runs out of events means being woken a few
 * microseconds later for the next request: a context switch for the loop, and for the peer that wakes it a
 * wake-up in its write. Yielding instead lets the peer, ready on this core, write its requests first; the look
 * after it finds them all at once, and the loop sleeps, and is woken, far less often. Under {@code wrk -c32}
 * against two loops on a 2-core machine, 99.8% of the looks found work, about 16 requests each, where a blocking
 * select had found two; the server's CPU per request went from 0.93-0.97x Netty's to 0.79-0.86x. Both of
 * Wirestack's real-time loops use it: {@code NioNetwork} (HTTP on the JDK's sockets) and {@link RealTimeDriver}
 * (a stack on a TAP), where the look is the next turn's read of the device.
 *
 * <p>When nothing else wants the core, the yield returns at once and the extra look finds nothing: two system
 * calls spent per burst of work for no gain. Single misses are chance (the peer ran on the other core), but after
 * {@link #MISSES_BEFORE_BACK_OFF} misses in a row each further miss doubles the number of busy passes that skip
 * the next try, up to {@link #MAX_SKIPPED}; a look that finds work resets it. This is the adaptive spin of lock
 * implementations, with one yield as the spin. Pure logic, no I/O, one loop thread.
 */
public final class YieldBeforeSleep {
    /** Misses in a row that are taken as chance (the peer ran on the other core this time) before backing off. */
    static final int MISSES_BEFORE_BACK_OFF = 8;
    /** The most busy passes skipped between two tries that keep finding nothing. */
    static final int MAX_SKIPPED = 64;

    private int missesInARow;
    private int toSkip;

    /** Called after a pass of the loop: true when the loop should yield and look again before sleeping. */
    public boolean shouldTry(boolean passFoundWork) {
        if (!passFoundWork) {
            return false;
        }
        if (toSkip > 0) {
            toSkip--;
            return false;
        }
        return true;
    }

    /** What the look after a yield found: work resets the back-off; a long run of misses doubles it each time. */
    public void tried(boolean foundWork) {
        if (foundWork) {
            missesInARow = 0;
            toSkip = 0;
            return;
        }
        missesInARow++;
        if (missesInARow >= MISSES_BEFORE_BACK_OFF) {
            int doublings = Math.min(missesInARow - MISSES_BEFORE_BACK_OFF, Integer.numberOfTrailingZeros(MAX_SKIPPED));
            toSkip = 1 << doublings;
        }
    }
}
