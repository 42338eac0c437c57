package dev.wirestack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void simBenchmarkDeliversEveryDatagramAndPrintsOneJsonObject() {
        Cli.Result result = Cli.run("bench", "sim", "--json", "--frames", "3000",
                "--rounds", "1");

        assertThat(result.code()).isZero();
        assertThat(result.out().lines()).singleElement().asString()
                .matches("\\{\"frames_per_s\": [1-9]\\d*, \"frames_per_cpu_s\": [1-9]\\d*, \"datagrams_per_s\": [1-9]\\d*, "
                        + "\"bare_frames_per_s\": [1-9]\\d*, \"bare_frames_per_cpu_s\": [1-9]\\d*, "
                        + "\"datagrams\": 3000, \"delivered\": 3000, \"payload_bytes\": 18\\}");
    }

    @Test
    void tcpBenchmarkPrintsOneJsonObjectWithEveryFigure() {
        Cli.Result result = Cli.run("bench", "tcp", "--json", "--megabytes", "1", "--sim-megabytes", "1",
                "--rate-connections", "20", "--connections", "10", "--rounds", "1", "--kernel-seconds", "0");

        assertThat(result.code()).isZero();
        String number = "[0-9]+(\\.[0-9]+)?";
        assertThat(result.out().lines()).singleElement().asString()
                .matches(("\\{\"gbps_mtu1500\": N, \"gbps_mtu65535\": N, \"connections_per_s\": [1-9]\\d*, "
                        + "\"bytes_per_idle_connection\": -?\\d+, \"sim_segments_per_s\": [1-9]\\d*, "
                        + "\"segments_per_s_mtu1500\": [1-9]\\d*, \"segments_per_s_mtu65535\": [1-9]\\d*, "
                        + "\"gbps_per_cpu_s_mtu1500\": N, \"gbps_per_cpu_s_mtu65535\": N, "
                        + "\"gbps_mtu1500_simulator_driver\": N, \"connections_per_cpu_s\": \\d+, "
                        + "\"sim_segments_per_cpu_s\": \\d+, \"idle_connections\": 10, \"bulk_bytes\": 1048576, "
                        + "\"kernel_veth_gbps\": null, \"ratio_to_kernel\": null\\}")
                        .replace("N", number));
        assertThat(result.err().lines()).singleElement().asString()
                .isEqualTo("wirestack: no kernel reference: skipped (--kernel-seconds 0)");
    }

    @Test
    void aNegativeKernelTimeGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("bench", "tcp", "--kernel-seconds", "-1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void anUnknownBenchmarkGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("bench", "warp-drive");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("unknown benchmark 'warp-drive'");
    }

    @Test
    void aZeroConnectionCountGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("bench", "tcp", "--connections", "0");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void aZeroFrameCountGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("bench", "sim", "--frames", "0");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void tapBenchmarkRefusesAZeroSizeBeforeTouchingTheNetwork() {
        Cli.Result result = Cli.run("bench", "tap", "--megabytes", "0");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--megabytes is 1 to");
    }

    @Test
    void tapBenchmarkRefusesAnMtuATapCannotCarry() {
        Cli.Result result = Cli.run("bench", "tap", "--mtu", "70000");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--mtu is 576 to 65521");
    }

    @Test
    void tapBenchmarkRefusesANegativeWarmUpBeforeTouchingTheNetwork() {
        Cli.Result result = Cli.run("bench", "tap", "--warmup-megabytes", "-1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--warmup-megabytes is 0 to");
    }

    @Test
    void tapBenchmarkRefusesAnUnknownFlagWithOneLine() {
        Cli.Result result = Cli.run("bench", "tap", "--gigabits", "4");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--gigabits");
    }

    @Test
    void httpBenchmarkRefusesZeroSecondsWithOneLine() {
        Cli.Result result = Cli.run("bench", "http", "--seconds", "0");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--seconds is 1 to 3600");
    }

    @Test
    void httpBenchmarkRefusesFewerConnectionsThanWrkThreads() {
        Cli.Result result = Cli.run("bench", "http", "--connections", "1");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--connections is 2 to 10000");
    }

    @Test
    void httpBenchmarkRefusesAnUnknownFlagWithOneLine() {
        Cli.Result result = Cli.run("bench", "http", "--threads", "4");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--threads");
    }

    @Test
    void httpBenchmarkRefusesANonNumericDurationWithOneLine() {
        Cli.Result result = Cli.run("bench", "http", "--seconds", "ten");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("--seconds");
    }
}
