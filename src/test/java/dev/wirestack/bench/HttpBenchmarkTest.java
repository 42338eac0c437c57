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
}
