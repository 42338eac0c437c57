package dev.wirestack.scenario;

import dev.wirestack.report.Packet;
import dev.wirestack.wire.TcpHeader;
import java.time.Duration;
import java.util.Locale;

/**
 * A precise impairment of one link: from the {@code nth} frame that matches (counted from 1, in the rule's
 * direction), {@code count} frames are dropped, held back by {@code delay}, or preceded by an old duplicate. Random
 * loss shows what loss does on average; a rule shows one named event ("the third ACK of the handshake is lost").
 *
 * @param seqOffset for {@link Action#OLD_DUPLICATE}: how far back the duplicate's sequence number lies
 */
public record FrameRule(Action action, Direction direction, Match match, int nth, int count, Duration delay,
                        long seqOffset) {

    public enum Action {
        /** The frame is lost. */
        DROP,
        /** The frame is held back by {@code delay}; later frames overtake it. */
        DELAY,
        /**
         * A copy of the TCP segment with its sequence number {@code seqOffset} lower goes on at once, as an old
         * duplicate of an earlier connection with the same ports would arrive (RFC 9293 section 3.5, figure 9); the
         * frame itself is held back by {@code delay}.
         */
        OLD_DUPLICATE
    }

    /** Which direction of the link the rule watches: from its first named end to its second, or back. */
    public enum Direction { A_TO_B, B_TO_A, BOTH }

    /**
     * Which frames a rule counts.
     *
     * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code arp} or {@code any}
     * @param tcpFlags for TCP, the exact set of SYN, ACK, FIN and RST (PSH is ignored), or -1 for any
     * @param data     1: only segments or datagrams carrying data; 0: only those without; -1: either
     */
    public record Match(String protocol, int tcpFlags, int data) {
        public static final Match ANY = new Match("any", -1, -1);
        private static final int COMPARED_FLAGS = TcpHeader.SYN | TcpHeader.ACK | TcpHeader.FIN | TcpHeader.RST;

        /** TCP segments with exactly {@code flags} (of SYN, ACK, FIN, RST) and, by {@code data}, data or none. */
        public static Match tcp(int flags, int data) {
            return new Match("tcp", flags, data);
        }

        public boolean matches(Packet packet) {
            boolean protocolMatches = switch (protocol) {
                case "any" -> true;
                case "tcp" -> packet.protocol() == Packet.Protocol.TCP && packet.tcp() != null;
                default -> packet.protocol().name().toLowerCase(Locale.ROOT).equals(protocol);
            };
            if (!protocolMatches) {
                return false;
            }
            Packet.Tcp tcp = packet.tcp();
            if (tcpFlags >= 0 && (tcp == null || (tcp.flags() & COMPARED_FLAGS) != tcpFlags)) {
                return false;
            }
            return data < 0 || tcp == null || (tcp.payloadLength() > 0) == (data == 1);
        }
    }

    public FrameRule {
        if (nth < 1 || count < 1) {
            throw new IllegalArgumentException("nth and count start at 1");
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a delay cannot be negative: " + delay);
        }
    }

    /** Drops the {@code nth} frame matching {@code match} going {@code direction}. */
    public static FrameRule drop(Direction direction, Match match, int nth) {
        return new FrameRule(Action.DROP, direction, match, nth, 1, Duration.ZERO, 0);
    }

    public boolean watches(boolean aToB) {
        return direction == Direction.BOTH || (direction == Direction.A_TO_B) == aToB;
    }
}
