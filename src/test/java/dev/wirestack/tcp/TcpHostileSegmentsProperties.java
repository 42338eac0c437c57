package dev.wirestack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever a peer or an attacker sends, in whatever state, the connection never throws, never buffers more than its
 * receive buffer, and keeps producing well-formed segments (OutSegment's header is a validated record). Segments are
 * aimed near the connection's real sequence numbers, where the interesting checks are, and sometimes anywhere.
 */
class TcpHostileSegmentsProperties {
    private static final List<Supplier<TcpScript>> STATES = List.of(TcpScript::synSent, TcpScript::synReceived,
            TcpScript::established, TcpScript::finWait1, TcpScript::finWait2, TcpScript::closeWait,
            TcpScript::lastAck, TcpScript::closing, TcpScript::timeWait);
    /** Every flag combination a valid header may carry (SYN never with FIN or RST). */
    private static final int[] FLAGS = {0, TcpHeader.ACK, TcpHeader.SYN, TcpHeader.SYN | TcpHeader.ACK, TcpHeader.RST,
            TcpHeader.RST | TcpHeader.ACK, TcpHeader.FIN, TcpHeader.FIN | TcpHeader.ACK,
            TcpHeader.FIN | TcpHeader.ACK | TcpHeader.PSH, TcpHeader.ACK | TcpHeader.PSH,
            TcpHeader.ACK | TcpHeader.URG, TcpHeader.ACK | TcpHeader.ECE | TcpHeader.CWR};

    @Property(tries = 400)
    void noSegmentSequenceBreaksTheConnection(@ForAll @IntRange(max = 8) int state, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TcpScript script = STATES.get(state).get();
        TcpConnection connection = script.connection();
        long now = 0;
        int segments = random.nextInt(1, 40);
        for (int i = 0; i < segments; i++) {
            now += random.nextLong(0, 1_500) * 1_000_000L;
            script.advanceTo(now);
            boolean anywhere = random.nextInt(4) == 0;
            SeqNum seq = anywhere ? SeqNum.of(random.nextLong(0x1_0000_0000L)) : expectedFromPeer(script).plus(near(random));
            SeqNum ack = anywhere ? SeqNum.of(random.nextLong(0x1_0000_0000L)) : connection.sndUna().plus(near(random));
            TcpOptions options = random.nextBoolean() ? TcpOptions.NONE
                    : TcpOptions.NONE.withTimestamps(new TcpOptions.Timestamps(random.nextLong(0x1_0000_0000L), 0));
            TcpHeader header = new TcpHeader(TcpScript.REMOTE_PORT, TcpScript.LOCAL_PORT, seq, ack,
                    FLAGS[random.nextInt(FLAGS.length)], random.nextInt(65536), random.nextInt(65536), options);
            byte[] payload = TcpScript.pattern(0, random.nextInt(3000));

            script.send(now, Seg.of(header, payload));

            assertThat(connection.readableBytes()).isBetween(0, TcpScript.CONFIG.receiveBufferBytes());
            assertThat(connection.state()).isNotNull();
        }
        script.advanceTo(now + 200_000_000_000L); // every timer runs out: the connection settles without throwing
    }

    /** RCV.NXT, or before the peer's SYN is known (SYN_SENT) the sequence number its SYN-ACK will carry. */
    private static SeqNum expectedFromPeer(TcpScript script) {
        SeqNum rcvNxt = script.connection().rcvNxt();
        return rcvNxt != null ? rcvNxt : script.remote(0);
    }

    /** An offset near a real sequence number: on it, just beside it, or within a window of it. */
    private static int near(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(-3, 4);
            case 1 -> random.nextInt(-70_000, 70_000);
            default -> random.nextInt();
        };
    }
}
