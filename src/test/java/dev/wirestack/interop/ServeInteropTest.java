package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.TAP;
import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Namespace.WIRESTACK_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code wirestack serve} on a TAP, with the Linux kernel on the other side as its peer: the kernel's own ARP,
 * ping and UDP sockets talk to it, and the kernel's counters and tools judge it.
 */
@Tag("interop")
class ServeInteropTest {
    private static final int ECHO_PORT = 7;
    private static Namespace namespace;
    private static Wirestack.Running server;

    @BeforeAll
    static void startServer() {
        namespace = Namespace.create();
        server = Wirestack.serve(namespace, "--udp-echo", String.valueOf(ECHO_PORT));
    }

    @AfterAll
    static void stopServer() {
        try {
            if (server != null) {
                Namespace.Result stopped = server.stop();
                assertThat(stopped.code()).as("serve's exit code on SIGTERM: %s", stopped.all()).isZero();
                assertThat(stopped.out()).contains("wirestack: stopped; ");
            }
        } finally {
            if (namespace != null) {
                namespace.close();
            }
        }
    }

    @Test
    void theReadyLineNamesTheInterfaceTheAddressTheMacAndTheServices() {
        assertThat(server.readyLine()).isEqualTo("wirestack: serving on " + TAP + " 10.77.0.2/24 (" + WIRESTACK_MAC
                + "), mtu 1500; udp echo on port " + ECHO_PORT);
    }

    @Test
    void theKernelLearnsWirestacksMacByArp() {
        namespace.run("ip", "neigh", "flush", "dev", TAP);
        namespace.run("ping", "-c", "1", "-W", "5", WIRESTACK);

        assertThat(namespace.run("ip", "neigh", "show", WIRESTACK, "dev", TAP))
                .contains("lladdr " + WIRESTACK_MAC)
                .containsAnyOf("REACHABLE", "STALE", "DELAY", "PROBE");
    }

    /** 1472 bytes fill a 1500-byte MTU exactly; 8000 are fragmented by the kernel and, in the reply, by Wirestack. */
    @ParameterizedTest(name = "ping -s {0}")
    @ValueSource(ints = {56, 1472, 8000})
    void everyPingIsAnswered(int size) {
        Namespace.Result ping = namespace.exec("ping", "-c", "3", "-i", "0.2", "-W", "5", "-s", String.valueOf(size),
                WIRESTACK);

        assertThat(ping.code()).as(ping.all()).isZero();
        assertThat(ping.out())
                .contains((size + 8) + " bytes from " + WIRESTACK + ": icmp_seq=1 ttl=64")
                .contains("3 packets transmitted, 3 received, 0% packet loss");
    }

    @Test
    void aFloodPingOfTwoThousandLosesNothing() {
        Namespace.Result ping = namespace.exec("ping", "-f", "-c", "2000", "-w", "20", WIRESTACK);

        assertThat(ping.out()).as(ping.all()).contains("2000 packets transmitted, 2000 received, 0% packet loss");
    }

    /** 1000 bytes fit one frame; 4000 are fragmented both ways. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 1000, 4000})
    void udpEchoReturnsTheDatagramByteForByte(int size) {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);

        Namespace.Result echo = namespace.exec(payload, "socat", "-t", "2", "-", "UDP:" + WIRESTACK + ":" + ECHO_PORT);

        assertThat(echo.code()).as(echo.err()).isZero();
        assertThat(echo.out().getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(payload);
    }

    @Test
    void aClosedUdpPortIsRefusedWithPortUnreachable() {
        Namespace.Result refused = namespace.exec("x".getBytes(), "socat", "-t", "2", "-", "UDP:" + WIRESTACK + ":9");

        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("Connection refused");
    }

    @Test
    void aBurstOfMalformedFramesLeavesWirestackAnsweringPing() {
        long sentBefore = kernelFramesSent();

        MalformedFrames.send(namespace, MalformedFrames.burst(namespace.kernelMac(), WIRESTACK_MAC));

        Namespace.Result ping = namespace.exec("ping", "-c", "3", "-i", "0.2", "-W", "5", WIRESTACK);
        assertThat(ping.out()).as(ping.all()).contains("3 packets transmitted, 3 received, 0% packet loss");
        assertThat(server.isAlive()).isTrue();
        // The TAP counts a frame as sent when Wirestack reads it, and hands frames over in order: once the pings
        // behind the burst are answered, every frame of the burst has been read (counting it earlier races the reader).
        assertThat(kernelFramesSent() - sentBefore).as("frames Wirestack read from the TAP")
                .isGreaterThanOrEqualTo(MalformedFrames.BURST_SIZE + 3);
    }

    private static long kernelFramesSent() {
        return Long.parseLong(namespace.run("cat", "/sys/class/net/" + TAP + "/statistics/tx_packets").strip());
    }
}
