package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.TAP;
import static dev.wirestack.interop.Namespace.WIRESTACK_CIDR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each way attaching to a TAP can fail gets one line that says what to do, and exit code 1. */
@Tag("interop")
class TapErrorsInteropTest {
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

    private static Namespace.Result serve(String tap) {
        return Wirestack.run(namespace, "serve", "--tap", tap, "--ip", WIRESTACK_CIDR);
    }

    @Test
    void aMissingInterfaceIsNamed_withTheCommandsThatCreateIt_andIsNotCreated() {
        Namespace.Result serve = serve("wst9");

        assertThat(serve.code()).isEqualTo(1);
        assertThat(serve.err()).isEqualTo("wirestack: no such interface wst9; create it with: ip tuntap add dev wst9"
                + " mode tap && ip link set wst9 up && ip addr add 10.77.0.1/24 dev wst9\n");
        assertThat(namespace.exec("ip", "link", "show", "wst9").code()).as("wst9 exists").isNotZero();
    }

    @Test
    void anInterfaceThatIsDownIsRefused_withTheCommandThatBringsItUp() {
        namespace.run("ip", "tuntap", "add", "dev", "wstdown", "mode", "tap");
        try {
            Namespace.Result serve = serve("wstdown");

            assertThat(serve.code()).isEqualTo(1);
            assertThat(serve.err())
                    .isEqualTo("wirestack: interface wstdown is down; bring it up with: ip link set wstdown up\n");
        } finally {
            namespace.run("ip", "link", "del", "wstdown");
        }
    }

    @Test
    void aTunIsNotATap() {
        namespace.run("ip", "tuntap", "add", "dev", "wsttun", "mode", "tun");
        try {
            namespace.run("ip", "link", "set", "wsttun", "up");
            Namespace.Result serve = serve("wsttun");

            assertThat(serve.code()).isEqualTo(1);
            assertThat(serve.err()).startsWith("wirestack: wsttun is not a TAP interface").hasLineCount(1);
        } finally {
            namespace.run("ip", "link", "del", "wsttun");
        }
    }

    @Test
    void aTapAnotherProcessHasIsBusy() {
        Wirestack.Running first = Wirestack.serve(namespace);
        try {
            Namespace.Result second = serve(TAP);

            assertThat(second.code()).isEqualTo(1);
            assertThat(second.err()).startsWith("wirestack: interface wst0 is busy: another process has it open")
                    .hasLineCount(1);
        } finally {
            assertThat(first.stop().code()).isZero();
        }
    }

    @Test
    void deletingTheInterfaceUnderARunningServeEndsItWithOneLine() {
        namespace.run("ip", "tuntap", "add", "dev", "wstgone", "mode", "tap");
        namespace.run("ip", "link", "set", "wstgone", "up");
        Wirestack.Running serve = Wirestack.start(namespace, "wirestack: serving on ", "serve", "--tap", "wstgone",
                "--ip", WIRESTACK_CIDR);

        namespace.run("ip", "link", "del", "wstgone");
        Namespace.Result ended = serve.awaitExit();

        assertThat(ended.code()).isEqualTo(1);
        assertThat(ended.err()).isEqualTo("wirestack: interface wstgone was deleted\n");
    }
}
