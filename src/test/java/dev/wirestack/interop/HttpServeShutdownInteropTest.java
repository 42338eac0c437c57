package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.WIRESTACK;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wirestack serve --http} on SIGTERM: a client holding an idle keep-alive connection sees the server's FIN
 * (an orderly end of stream, not a reset and not silence), and serve exits 0.
 */
@Tag("interop")
class HttpServeShutdownInteropTest {
    /** One GET on a kept-alive connection, then wait (at most 20 s) for how the connection ends. */
    private static final String CLIENT = """
            import socket, sys
            s = socket.create_connection((sys.argv[1], 80), timeout=20)
            s.sendall(b"GET /a.txt HTTP/1.1\\r\\nHost: wirestack\\r\\n\\r\\n")
            got = b""
            while not got.endswith(b"first answer\\n"):
                got += s.recv(4096)
            print("answered", flush=True)
            try:
                rest = s.recv(4096)
                print("fin" if rest == b"" else "more data", flush=True)
            except ConnectionResetError:
                print("reset", flush=True)
            except socket.timeout:
                print("timeout", flush=True)
            """;

    @TempDir
    Path root;

    @Test
    void anIdleKeepAliveConnectionGetsAFinOnSigterm() throws IOException {
        Files.writeString(root.resolve("a.txt"), "first answer\n");
        try (Namespace namespace = Namespace.create()) {
            Wirestack.Running server = Wirestack.serve(namespace, "--http", "80", "--root", root.toString());
            Process client = namespace.start("python3", "-c", CLIENT, WIRESTACK);
            BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(lines.readLine()).isEqualTo("answered");

            Namespace.Result stopped = server.stop();
            String ending = lines.readLine();

            assertThat(stopped.code()).as(stopped.all()).isZero();
            assertThat(ending).isEqualTo("fin");
            Namespace.await(client, new byte[0], Duration.ofSeconds(30), "the python client");
        }
    }
}
