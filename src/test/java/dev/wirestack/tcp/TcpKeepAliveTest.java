package dev.wirestack.tcp;

import static dev.wirestack.tcp.Seg.seg;
import static dev.wirestack.tcp.TcpScript.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpKeepAliveTest {
    private static final TcpConfig KEEPALIVE = TcpScript.CONFIG.withKeepAlive(Duration.ofSeconds(10),
            Duration.ofSeconds(2), 3);

    @Test
    void keepAlive_isOffByDefault_rfc9293_3_8_4() {
        TcpScript s = TcpScript.established();
        assertThat(s.connection().nextDeadline()).isEqualTo(Long.MAX_VALUE);
        s.expectNothing(at(10_000_000));
    }

    @Test
    void keepAliveProbes_afterIdle_thenGiveUpWithReset_rfc9293_3_8_4() {
        TcpScript s = TcpScript.established(KEEPALIVE);
        s.expectNothing(at(9_999));
        s.expect(at(10_000), seg().seq(s.local(0)).ack(s.remote(1)));
        s.expect(at(12_000), seg().seq(s.local(0)).ack(s.remote(1)));
        s.expect(at(14_000), seg().seq(s.local(0)).ack(s.remote(1)));
        s.expect(at(16_000), seg().rst().seq(s.local(1)).win(0));
        assertThat(s.closedWith()).isEqualTo(TcpError.KEEPALIVE_TIMED_OUT);
    }

    @Test
    void answeredKeepAlive_restartsTheIdleTimer_rfc9293_3_8_4() {
        TcpScript s = TcpScript.established(KEEPALIVE);
        s.expect(at(10_000), seg().seq(s.local(0)).ack(s.remote(1)));
        s.send(at(10_010), seg().seq(s.remote(1)).ack(s.local(1)));
        s.expectNothing(at(20_009));
        s.expect(at(20_010), seg().seq(s.local(0)).ack(s.remote(1)));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
    }
}
