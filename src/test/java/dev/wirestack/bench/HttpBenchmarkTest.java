package dev.wirestack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpBenchmarkTest {

    @Test
    void aCleanRunHasItsRateAndNoErrors() {
        String out = """
                Running 5s test @ http://127.0.0.1:41234/
                  2 threads and 32 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency   310.52us  120.11us   5.01ms   90.12%
                    Req/Sec    51.23k     2.10k   55.00k    70.00%
                  509812 requests in 5.00s, 62.23MB read
                Requests/sec: 101962.40
                Transfer/sec:     12.45MB
                """;

        assertThat(HttpBenchmark.parse(out)).isEqualTo(new HttpBenchmark.WrkResult(101962.40, 509812, 0));
    }

    @Test
    void socketErrorsAndFailedResponsesAreAddedUp() {
        String out = """
                  1200 requests in 5.00s, 100.00KB read
                  Socket errors: connect 1, read 2, write 3, timeout 4
                  Non-2xx or 3xx responses: 5
                Requests/sec:    240.00
                """;

        assertThat(HttpBenchmark.parse(out)).isEqualTo(new HttpBenchmark.WrkResult(240.0, 1200, 15));
    }

    @Test
    void outputWithoutARateIsAnErrorNamingWhatWrkSaid() {
        assertThatThrownBy(() -> HttpBenchmark.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aRunReportsMediansAndRatiosTakenWithinEachRound() {
        HttpBenchmark.Round first = new HttpBenchmark.Round(rate(300), rate(100), rate(150));
        HttpBenchmark.Round second = new HttpBenchmark.Round(rate(100), rate(200), rate(100));
        HttpBenchmark.Round third = new HttpBenchmark.Round(rate(200), rate(100), rate(200));

        HttpBenchmark.Result result = new HttpBenchmark.Result(java.util.List.of(first, second, third), 5, 32, 2);

        assertThat(result.wirestackRps()).isEqualTo(200);
        assertThat(result.nettyRps()).isEqualTo(100);
        assertThat(result.jdkRps()).isEqualTo(150);
        assertThat(result.ratioToNetty()).isEqualTo(2.0); // of 3.0, 0.5 and 2.0: not 200 / 100 by chance
        assertThat(result.ratioToJdk()).isEqualTo(1.0); // of 2.0, 1.0 and 1.0
        assertThat(result.errors()).isEqualTo(9);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        HttpBenchmark.Result result = new HttpBenchmark.Result(java.util.List.of(
                new HttpBenchmark.Round(rate(100), rate(100), rate(100)),
                new HttpBenchmark.Round(rate(300), rate(100), rate(100))), 5, 32, 2);

        assertThat(result.wirestackRps()).isEqualTo(200);
        assertThat(result.ratioToNetty()).isEqualTo(2.0);
    }

    @Test
    void cpuPerRequestIsTheServersCpuTimeOverTheRequestsWrkCounted() {
        HttpBenchmark.ServerRun run = new HttpBenchmark.ServerRun(
                new HttpBenchmark.WrkResult(1000, 5000, 0), 60_000_000L); // 60 ms of CPU for 5000 requests

        assertThat(run.cpuMicrosPerRequest()).isEqualTo(12.0);
        assertThat(new HttpBenchmark.ServerRun(new HttpBenchmark.WrkResult(0, 0, 0), 1_000).cpuMicrosPerRequest())
                .isZero();
    }

    @Test
    void theCpuRatioIsTheMedianOfEachRoundsOwnRatio() {
        HttpBenchmark.Result result = new HttpBenchmark.Result(java.util.List.of(
                new HttpBenchmark.Round(cpu(10), cpu(20), cpu(40)),
                new HttpBenchmark.Round(cpu(30), cpu(20), cpu(40)),
                new HttpBenchmark.Round(cpu(8), cpu(10), cpu(40))), 5, 32, 2);

        assertThat(result.wirestackCpuMicrosPerRequest()).isEqualTo(10);
        assertThat(result.nettyCpuMicrosPerRequest()).isEqualTo(20);
        assertThat(result.jdkCpuMicrosPerRequest()).isEqualTo(40);
        assertThat(result.cpuRatioToNetty()).isEqualTo(0.8); // of 0.5, 1.5 and 0.8: not 10 / 20
    }

    private static HttpBenchmark.ServerRun rate(double requestsPerSecond) {
        return new HttpBenchmark.ServerRun(
                new HttpBenchmark.WrkResult(requestsPerSecond, (long) requestsPerSecond * 5, 1), 0);
    }

    /** A run of 1000 requests that cost {@code micros} of server CPU each. */
    private static HttpBenchmark.ServerRun cpu(double micros) {
        return new HttpBenchmark.ServerRun(new HttpBenchmark.WrkResult(200, 1000, 0), (long) (micros * 1_000_000));
    }
}
