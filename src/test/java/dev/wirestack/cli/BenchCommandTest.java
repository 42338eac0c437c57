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
    void anUnknownBenchmarkGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("bench", "warp-drive");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).singleElement().asString().contains("unknown benchmark 'warp-drive'");
    }

    @Test
    void aZeroFrameCountGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("bench", "sim", "--frames", "0");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }
}
