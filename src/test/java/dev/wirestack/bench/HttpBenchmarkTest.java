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

    private static HttpBenchmark.WrkResult rate(double requestsPerSecond) {
        return new HttpBenchmark.WrkResult(requestsPerSecond, (long) requestsPerSecond * 5, 1);
    }
}
