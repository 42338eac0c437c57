package dev.wirestack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpTapBenchmarkTest {

    @Test
    void theRatioIsTheMedianOfTheRatiosWithinEachRound() {
        HttpTapBenchmark.Result result = new HttpTapBenchmark.Result(List.of(
                new HttpTapBenchmark.Round(rate(100, 0), rate(400, 1)),
                new HttpTapBenchmark.Round(rate(300, 0), rate(200, 0)),
                new HttpTapBenchmark.Round(rate(200, 2), rate(400, 0))), 3, 32);

        assertThat(result.wirestackTcpRps()).isEqualTo(200);
        assertThat(result.kernelTcpRps()).isEqualTo(400);
        assertThat(result.ratio()).isEqualTo(0.5); // of 0.25, 1.5 and 0.5
        assertThat(result.errors()).isEqualTo(3);
    }

    @Test
    void aRunWithoutRoundsIsRefused() {
        assertThatThrownBy(() -> new HttpTapBenchmark.Result(List.of(), 3, 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpBenchmark.WrkResult rate(double requestsPerSecond, long errors) {
        return new HttpBenchmark.WrkResult(requestsPerSecond, (long) requestsPerSecond * 3, errors);
    }
}
