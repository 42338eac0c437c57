package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.WIRESTACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.TsharkCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code wirestack serve --pcap} writes of TCP: an echo connection from handshake to close and a refused
 * connect, which tshark reads with checksum validation on (0 bad, 0 malformed) as TCP both ways, RST included. With
 * offloads (the default) the capture holds the segments as Wirestack read and sent them, up to 64 KiB each, as
 * tcpdump shows a host's own traffic with GSO: their count varies, the bytes they carry do not.
 */
@Tag("interop")
class TcpCaptureInteropTest {

    @Test
    void thePcapOfTcpEchoAndARefusalPassesTshark(@TempDir Path directory) {
        Path pcap = directory.resolve("tcp.pcap");
        Path sent = Transfers.randomFile(directory, "echo-256k", 256 * 1024, 9);
        Path back = directory.resolve("echo-256k.back");
        try (Namespace namespace = Namespace.create()) {
            Wirestack.Running server = Wirestack.serve(namespace, "--echo", "7", "--pcap", pcap.toString());
            Namespace.Result echo = namespace.exec("socat", "-t", "30", "FILE:" + sent + "!!CREATE:" + back,
                    "TCP:" + WIRESTACK + ":7");
            Namespace.Result refused = namespace.exec("socat", "-u", "-", "TCP:" + WIRESTACK + ":13");

            Namespace.Result stopped = server.stop();

            assertThat(echo.code()).as(echo.all()).isZero();
            assertThat(refused.err()).contains("Connection refused");
            assertThat(stopped.code()).as(stopped.all()).isZero();
        }
        Transfers.assertSameBytes(back, sent);

        TsharkCheck.Result tshark = TsharkCheck.assertClean(pcap);

        assertThat(tshark.frames()).isGreaterThan(10);
        assertThat(tsharkPayloadBytes(pcap, "ip.src==" + WIRESTACK)).as("the echo, sent")
                .isGreaterThanOrEqualTo(256 * 1024);
        assertThat(tsharkPayloadBytes(pcap, "ip.dst==" + WIRESTACK)).as("the data, received")
                .isGreaterThanOrEqualTo(256 * 1024);
        assertThat(tsharkFilterCount(pcap, "ip.src==" + WIRESTACK + " && tcp.flags.syn==1 && tcp.flags.ack==1"))
                .as("Wirestack's SYN-ACK").isEqualTo(1);
        assertThat(tsharkFilterCount(pcap, "ip.src==" + WIRESTACK + " && tcp.flags.fin==1"))
                .as("Wirestack's FIN").isGreaterThanOrEqualTo(1);
        assertThat(tsharkFilterCount(pcap, "ip.src==" + WIRESTACK + " && tcp.flags.reset==1 && tcp.srcport==13"))
                .as("the RST of the closed port").isEqualTo(1);
        assertThat(tsharkFilterCount(pcap, "ip.dst==" + WIRESTACK + " && tcp.len>0"))
                .as("data segments from the kernel").isGreaterThan(10);
    }

    private static int tsharkFilterCount(Path pcap, String filter) {
        return (int) tsharkField(pcap, filter, "frame.number").count();
    }

    /** The TCP payload bytes of the frames {@code filter} selects, retransmissions included. */
    private static long tsharkPayloadBytes(Path pcap, String filter) {
        return tsharkField(pcap, filter + " && tcp", "tcp.len").mapToLong(Long::parseLong).sum();
    }

    /** The values of {@code field} in the frames {@code filter} selects, one a frame. */
    private static java.util.stream.Stream<String> tsharkField(Path pcap, String filter, String field) {
        try {
            Process process = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(), "-Y", filter, "-T", "fields",
                    "-e", field).redirectError(ProcessBuilder.Redirect.DISCARD).start(); // stderr: root warnings
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            return output.lines().map(String::strip).filter(line -> !line.isEmpty());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
