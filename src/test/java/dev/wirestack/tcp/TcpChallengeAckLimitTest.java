package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 5961 section 7: challenge ACKs are rate limited, per connection and per host. */
class TcpChallengeAckLimitTest {
    private static final long STEP_NANOS = 200_000; // 5000 segments in one second

    @Test
    void burstOf5000InWindowResets_drawsOneChallengeAckPerHalfSecond_rfc5961_7() {
        TcpScript s = TcpScript.established();
        for (int i = 0; i < 5000; i++) {
            s.send(at(10) + i * STEP_NANOS, seg().rst().seq(s.remote(100 + i)).win(0));
            expectChallengeAckEveryHalfSecond(s, i);
        }
        assertThat(s.connection().challengeAcksSuppressed()).isEqualTo(4998);
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void burstOf5000Syns_drawsOneChallengeAckPerHalfSecond_rfc5961_7() {
        TcpScript s = TcpScript.established();
        for (int i = 0; i < 5000; i++) {
            s.send(at(10) + i * STEP_NANOS, seg().syn().seq(s.remote(7 * i)).mss(1460));
            expectChallengeAckEveryHalfSecond(s, i);
        }
        assertThat(s.connection().challengeAcksSuppressed()).isEqualTo(4998);
    }

    /** The i-th segment of a burst sent every 0.2 ms from 10 ms drew a challenge ACK only at 10 ms and 510 ms. */
    private static void expectChallengeAckEveryHalfSecond(TcpScript s, int i) {
        long now = at(10) + i * STEP_NANOS;
        if (i == 0 || i == 2500) {
            s.expect(now, seg().seq(s.local(1)).ack(s.remote(1)));
        } else {
            s.expectNothing(now);
        }
    }

    @Test
    void afterTheInterval_theNextChallengeAckIsSentAgain_rfc5961_7() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().rst().seq(s.remote(100)).win(0));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        s.send(at(509), seg().rst().seq(s.remote(100)).win(0));
        s.expectNothing(at(509));
        s.send(at(510), seg().syn().seq(s.remote(100)));
        s.expect(at(510), seg().seq(s.local(1)).ack(s.remote(1)));
    }

    @Test
    void blindAckInjection_isAnsweredWithinTheSameLimit_rfc5961_5_2_and_7() {
        TcpScript s = TcpScript.established();
        s.send(at(10), seg().seq(s.remote(1)).ack(s.local(-70_000)).payload("evil"));
        s.expect(at(10), seg().seq(s.local(1)).ack(s.remote(1)));
        for (int i = 1; i < 100; i++) {
            s.send(at(10 + i), seg().seq(s.remote(1)).ack(s.local(-70_000)).payload("evil"));
            s.expectNothing(at(10 + i));
        }
        assertThat(s.connection().challengeAcksSuppressed()).isEqualTo(99);
    }

    @Test
    void theHostLimit_isSharedByEveryConnection_rfc5961_7() {
        ChallengeAckLimit hostLimit = new ChallengeAckLimit(2);
        TcpScript[] scripts = {TcpScript.established(), TcpScript.established(), TcpScript.established()};
        for (TcpScript s : scripts) {
            s.connection().shareChallengeAckLimit(hostLimit);
            s.send(at(10), seg().rst().seq(s.remote(100)).win(0));
        }
        scripts[0].expect(at(10), seg().seq(scripts[0].local(1)).ack(scripts[0].remote(1)));
        scripts[1].expect(at(10), seg().seq(scripts[1].local(1)).ack(scripts[1].remote(1)));
        scripts[2].expectNothing(at(10));
        assertThat(scripts[2].connection().challengeAcksSuppressed()).isEqualTo(1);
        // The next second has a fresh budget.
        scripts[2].send(at(1000), seg().rst().seq(scripts[2].remote(100)).win(0));
        scripts[2].expect(at(1000), seg().seq(scripts[2].local(1)).ack(scripts[2].remote(1)));
    }

    @Test
    void hostLimit_grantsExactlyItsBudgetIn5000RequestsPerSecondOfVirtualTime_rfc5961_7() {
        ChallengeAckLimit limit = new ChallengeAckLimit(ChallengeAckLimit.LINUX_PER_SECOND);
        for (int second = 0; second < 3; second++) {
            int granted = 0;
            for (int i = 0; i < 5000; i++) {
                if (limit.tryAcquire(at(1000L * second) + i * STEP_NANOS)) {
                    granted++;
                }
            }
            assertThat(granted).as("second %d", second).isEqualTo(1000);
        }
    }
}
