package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.KERNEL;
import static dev.wirestack.interop.Namespace.TAP;
import static dev.wirestack.interop.Namespace.WIRESTACK_CIDR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code wirestack ping} from a TAP to the Linux kernel, which answers as any host would. */
@Tag("interop")
class WirestackPingInteropTest {
    private static Namespace namespace;

    @BeforeAll
    static void createNamespace() {
        namespace = Namespace.create();
    }

    @AfterAll
    static void removeNamespace() {
        if (namespace != null) {
            namespace.close();
        }
    }

    private static String[] ping(String... args) {
        List<String> command = new ArrayList<>(List.of("ping", "--tap", TAP, "--ip", WIRESTACK_CIDR));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /** 8000 bytes: Wirestack fragments the request, the kernel fragments the reply. */
    @ParameterizedTest(name = "-s {0}")
    @ValueSource(ints = {56, 1472, 8000})
    void theKernelAnswersEveryRequest_printedAsIputilsPrintsIt(int size) {
        Namespace.Result ping = Wirestack.run(namespace, ping("-c", "3", "-i", "0.2", "-s", String.valueOf(size),
                KERNEL));

        assertThat(ping.code()).as(ping.all()).isZero();
        assertThat(ping.out().lines().toList())
                .startsWith("PING 10.77.0.1 (10.77.0.1) " + size + "(" + (size + 28) + ") bytes of data.")
                .contains("--- 10.77.0.1 ping statistics ---");
        assertThat(ping.out().lines().filter(line -> line.startsWith((size + 8) + " bytes from 10.77.0.1: icmp_seq=")))
                .hasSize(3)
                .allMatch(line -> line.matches("\\d+ bytes from 10\\.77\\.0\\.1: icmp_seq=[123] ttl=64 time=[0-9.]+ ms"));
        assertThat(ping.out()).containsPattern("3 packets transmitted, 3 received, 0% packet loss, time \\d+ms\n"
                + "rtt min/avg/max/mdev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms");
    }

    /** The kernel owns 10.77.1.1 on its loopback: reachable only through the gateway, the kernel's TAP address. */
    @Test
    void anAddressBeyondTheSubnetIsReachedThroughTheGateway_andUnreachableWithoutOne() {
        namespace.run("ip", "addr", "add", "10.77.1.1/32", "dev", "lo");
        try {
            Namespace.Result routed = Wirestack.run(namespace, ping("--gateway", KERNEL, "-c", "2", "-i", "0.2",
                    "10.77.1.1"));
            Namespace.Result unrouted = Wirestack.run(namespace, ping("-c", "1", "10.77.1.1"));

            assertThat(routed.code()).as(routed.all()).isZero();
            assertThat(routed.out()).contains("2 packets transmitted, 2 received, 0% packet loss");
            assertThat(unrouted.code()).isEqualTo(1);
            assertThat(unrouted.out()).contains("ping: connect: Network is unreachable");
        } finally {
            namespace.run("ip", "addr", "del", "10.77.1.1/32", "dev", "lo");
        }
    }

    @Test
    void anAddressNobodyHasIsUnreachable_afterArpGivesUp() {
        Namespace.Result ping = Wirestack.run(namespace, ping("-c", "1", "10.77.0.99"));

        assertThat(ping.code()).as(ping.all()).isEqualTo(1);
        assertThat(ping.out())
                .contains("From 10.77.0.2 icmp_seq=1 Destination Host Unreachable")
                .contains("1 packets transmitted, 0 received, +1 errors, 100% packet loss");
    }

    @Test
    void sigtermEndsAnEndlessPingWithItsStatistics() {
        Wirestack.Running ping = Wirestack.start(namespace, "64 bytes from", ping("-i", "0.2", KERNEL));

        Namespace.Result stopped = ping.stop();

        assertThat(stopped.code()).as(stopped.all()).isZero();
        assertThat(stopped.out()).containsPattern("\\d+ packets transmitted, \\d+ received");
    }
}
