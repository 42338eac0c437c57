package dev.wirestack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BareBlastBenchmarkTest {

    @Test
    void everyBlastedFrameIsDeliveredAtLineRate() {
        BareBlastBenchmark.Result result = BareBlastBenchmark.udpBlast(10_000, 18);

        assertThat(result.framesSent()).isEqualTo(10_000);
        assertThat(result.framesDelivered()).isEqualTo(10_000);
        // 60-byte frames at 1 Gbit/s leave every 480 ns, from 1 ms on, and take two hops of 10 us plus 480 ns each.
        assertThat(result.virtualNanos()).isEqualTo(1_000_000 + 9_999 * 480L + 2 * (10_000 + 480));
        assertThat(result.framesPerSecond()).isPositive();
    }
}
