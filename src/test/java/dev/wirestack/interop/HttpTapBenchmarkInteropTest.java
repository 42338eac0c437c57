package dev.wirestack.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.bench.HttpTapBenchmark;
import dev.wirestack.testing.RequiredTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code wirestack bench http --tap}'s measurement: wrk in a namespace gets answers from Wirestack's HTTP server on
 * Wirestack TCP behind a TAP and from the same server on the kernel's TCP, without errors, and every namespace the
 * run made is gone afterwards.
 */
@Tag("interop")
class HttpTapBenchmarkInteropTest {

    @Test
    void bothServersAnswerWrkWithoutErrors_andTheNamespacesAreRemoved() throws Exception {
        RequiredTools.require("wrk", "apt-get install wrk");
        RequiredTools.require("ip", "apt-get install iproute2");
        if (!HttpTapBenchmark.canRun()) {
            RequiredTools.unavailable("bench http --tap needs root");
        }

        HttpTapBenchmark.Result result = HttpTapBenchmark.run(1, 8, 1);

        assertThat(result.rounds()).hasSize(1);
        assertThat(result.wirestackTcpRps()).isPositive();
        assertThat(result.kernelTcpRps()).isPositive();
        assertThat(result.rounds().getFirst().wirestackTcp().requests()).isPositive();
        assertThat(result.errors()).isZero();
        assertThat(result.ratio()).isEqualTo(result.wirestackTcpRps() / result.kernelTcpRps());
        assertThat(namespaces()).doesNotContain("-http-srv", "wsth0");
    }

    private static String namespaces() throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String out = new String(ip.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        ip.waitFor();
        return out;
    }
}
