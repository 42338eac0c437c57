package dev.wirestack.tcp;

import java.util.Arrays;

/**
 * The deadlines of one connection, one slot per kind (quinn's timer table): the connection asks for the earliest
 * with {@link #nextDeadline()} and runs the expired ones in {@link Kind} order.
 */
final class Timers {
    /** The timers of RFC 9293 section 3.8 and RFC 1122 4.2.3. */
    enum Kind {
        /** Retransmission of SYN, data or FIN (RFC 6298). */
        RTO,
        /** Send the ACK we held back (RFC 9293 section 3.8.6.3). */
        DELAYED_ACK,
        /** Probe a zero window (RFC 9293 section 3.8.6.1). */
        PERSIST,
        /** Probe an idle connection (RFC 9293 section 3.8.4). */
        KEEPALIVE,
        /** Leave TIME-WAIT after 2 MSL (RFC 9293 section 3.4.2). */
        TIME_WAIT
    }

    static final long NONE = Long.MAX_VALUE;
    private static final Kind[] KINDS = Kind.values();
    private final long[] deadlines = new long[KINDS.length];

    Timers() {
        Arrays.fill(deadlines, NONE);
    }

    void set(Kind kind, long deadline) {
        deadlines[kind.ordinal()] = deadline;
    }

    /** Sets the timer unless it is already running. */
    void setIfIdle(Kind kind, long deadline) {
        if (!isSet(kind)) {
            set(kind, deadline);
        }
    }

    void cancel(Kind kind) {
        deadlines[kind.ordinal()] = NONE;
    }

    void cancelAll() {
        Arrays.fill(deadlines, NONE);
    }

    boolean isSet(Kind kind) {
        return deadlines[kind.ordinal()] != NONE;
    }

    long deadline(Kind kind) {
        return deadlines[kind.ordinal()];
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when none is set. */
    long nextDeadline() {
        long min = NONE;
        for (long d : deadlines) {
            min = Math.min(min, d);
        }
        return min;
    }

    /** The first kind (in declaration order) due at {@code now}, cancelled as it is returned; null if none. */
    Kind pollExpired(long now) {
        for (Kind kind : KINDS) {
            if (deadlines[kind.ordinal()] <= now) {
                cancel(kind);
                return kind;
            }
        }
        return null;
    }
}
