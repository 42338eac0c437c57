package dev.wirestack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpcalcCommandTest {

    @Test
    void showsTheSubnetOfASlash20() {
        Cli.Result result = Cli.run("ipcalc", "10.1.2.3/20");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains(
                "Netmask:   255.255.240.0 = 20   11111111.11111111.11110000.00000000",
                "Network:   10.1.0.0/20          00001010.00000001.00000000.00000000",
                "Broadcast: 10.1.15.255",
                "HostMin:   10.1.0.1",
                "HostMax:   10.1.15.254",
                "Hosts/Net: 4094");
    }

    @Test
    void aSlash31HasTwoHostsAndNoBroadcastToSpare() {
        Cli.Result result = Cli.run("ipcalc", "192.168.7.0/31");
        assertThat(result.out()).contains("HostMin:   192.168.7.0", "HostMax:   192.168.7.1", "Hosts/Net: 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.300/20", "10.1.2.3/33", "10.1.2.3", "ten/8", "10.1.2/8", "10.1.2.3/-1"})
    void badInputGetsOneLineAndExitCode2(String text) {
        Cli.Result result = Cli.run("ipcalc", text);
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).hasSize(1).first().asString().startsWith("wirestack: ");
    }

    @Test
    void aMissingArgumentGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("ipcalc");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void anUnknownCommandGetsOneLineAndExitCode2() {
        Cli.Result result = Cli.run("frobnicate");
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
    }
}
