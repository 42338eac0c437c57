package dev.wirestack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.sim.LinkSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpBulkBenchmarkTest {

    @Test
    void theSimulatedTransferGetsTwiceTheBandwidthDelayProductRoundedUpToAPowerOfTwo() {
        // 1 Gbit/s, 2 ms round trip: 250,000 bytes in flight, twice that is 500,000, so 512 KiB.
        assertThat(TcpBulkBenchmark.pathBufferBytes(LinkSpec.ethernet1G().delay(Duration.ofMillis(1))))
                .isEqualTo(512 << 10);
        assertThat(TcpBulkBenchmark.pathBufferBytes(LinkSpec.ethernet1G().delay(Duration.ofMillis(4))))
                .isEqualTo(2 << 20);
    }

    @Test
    void pathBuffersStayBetween64KiBAndTheInMemory4MiB() {
        assertThat(TcpBulkBenchmark.pathBufferBytes(LinkSpec.ideal())).isEqualTo(64 << 10);
        assertThat(TcpBulkBenchmark.pathBufferBytes(LinkSpec.ethernet1G().delay(Duration.ofMillis(100))))
                .isEqualTo(4 << 20);
    }

    @Test
    void aTransferOverTheSimulatedLinkDeliversEveryByteAtTheLinkRate() {
        TcpBulkBenchmark.Result result = TcpBulkBenchmark.simulated(TcpBenchSuite.SIMULATED_LINK, 32 << 20);

        assertThat(result.bytes()).isEqualTo(32 << 20);
        // Payload Gbit/s over virtual time: at most 1448 of each 1514-byte frame (timestamps on), and with
        // the path-sized window close to that after slow start.
        assertThat(result.bytes() * 8.0 / result.virtualNanos()).isBetween(0.8, 1448.0 / 1514);
    }
}
