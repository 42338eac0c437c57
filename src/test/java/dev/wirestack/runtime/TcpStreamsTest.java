package dev.wirestack.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wirestack.stack.Host;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.MacAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Blocking streams between two hosts, each run by its own {@link RealTimeDriver}, joined by a {@link MemoryWire}:
 * real threads and real time, no root. Each test waits for outcomes (bounded by {@link Timeout}); the only waits for
 * a span of time are the timeouts under test, a few tens of milliseconds.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpStreamsTest {
    private static final Ipv4Address CLIENT = Ipv4Address.parse("10.77.0.1");
    private static final Ipv4Address SERVER = Ipv4Address.parse("10.77.0.2");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(10);
    private static final int PORT = 7;

    private final List<RealTimeDriver> drivers = new ArrayList<>();
    private TcpStreams client;
    private TcpStreams server;

    @AfterEach
    void stopDrivers() throws InterruptedException {
        for (RealTimeDriver driver : drivers) {
            driver.stop();
        }
    }

    @Test
    void anEchoRoundTripsAMebibyte_andTheEndOfStreamFollowsTheHalfClose() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);
        CompletableFuture<Void> echoed = echoServer(listener);
        byte[] sent = random(1 << 20, 1);

        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        CompletableFuture<Void> writer = writeThenShutdown(stream, sent);
        byte[] back = stream.getInputStream().readAllBytes();

        writer.get(10, TimeUnit.SECONDS);
        echoed.get(10, TimeUnit.SECONDS);
        assertThat(back).isEqualTo(sent);
        assertThat(stream.closeAndAwait(Duration.ofSeconds(10))).isTrue();
        assertThat(stream.localEndpoint().address()).isEqualTo(CLIENT);
        assertThat(stream.remoteEndpoint().port()).isEqualTo(PORT);
    }

    @Test
    void halfCloseWorksBothWays_eachSideReadsTheOthersLastBytesAfterItsOwnEnd() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);
        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        TcpStream accepted = listener.accept(ACCEPT_TIMEOUT);

        stream.getOutputStream().write("question".getBytes(StandardCharsets.US_ASCII));
        stream.shutdownOutput();
        byte[] question = accepted.getInputStream().readAllBytes(); // ends at the client's FIN
        accepted.getOutputStream().write("answer".getBytes(StandardCharsets.US_ASCII));
        accepted.shutdownOutput();

        assertThat(new String(question, StandardCharsets.US_ASCII)).isEqualTo("question");
        assertThat(new String(stream.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("answer");
        assertThatThrownBy(() -> stream.getOutputStream().write(1))
                .isInstanceOf(SocketException.class).hasMessageContaining("shut down");
        assertThat(stream.closeAndAwait(Duration.ofSeconds(10))).isTrue();
        assertThat(accepted.closeAndAwait(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void twentyConnectionsAtOnceEachEchoTheirOwnBytes() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 32);
        CompletableFuture<Void> echoes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                try {
                    TcpStream accepted = listener.accept(ACCEPT_TIMEOUT);
                    Thread.ofVirtual().start(() -> echo(accepted));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        List<CompletableFuture<Boolean>> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            byte[] sent = random(64 * 1024, 100 + i);
            CompletableFuture<Boolean> same = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
                    writeThenShutdown(stream, sent);
                    same.complete(java.util.Arrays.equals(stream.getInputStream().readAllBytes(), sent));
                    stream.close();
                } catch (IOException e) {
                    same.completeExceptionally(e);
                }
            });
            clients.add(same);
        }

        for (CompletableFuture<Boolean> same : clients) {
            assertThat(same.get(20, TimeUnit.SECONDS)).isTrue();
        }
        echoes.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClosedPortRefusesTheConnect() {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);

        assertThatThrownBy(() -> client.connect(SERVER, 9, CONNECT_TIMEOUT))
                .isInstanceOf(ConnectException.class)
                .hasMessage("connection to 10.77.0.2:9 refused");
    }

    @Test
    void closingWithUnreadBytesResetsThePeer_whoseReadSaysResetByPeer() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);
        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        TcpStream accepted = listener.accept(ACCEPT_TIMEOUT);

        stream.getOutputStream().write(new byte[] {1, 2}); // one segment: both bytes arrive together
        assertThat(accepted.getInputStream().read()).isEqualTo(1);
        accepted.close(); // one byte left unread: RST

        assertThatThrownBy(() -> stream.getInputStream().read())
                .isInstanceOf(SocketException.class)
                .hasMessage("connection to 10.77.0.2:7 reset by peer");
        assertThatThrownBy(() -> stream.getOutputStream().write(3))
                .isInstanceOf(SocketException.class).hasMessageContaining("reset by peer");
    }

    @Test
    void aReadWithNothingToReadTimesOut_andTheStreamStillWorksAfterwards() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);
        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        TcpStream accepted = listener.accept(ACCEPT_TIMEOUT);
        stream.setReadTimeout(Duration.ofMillis(50));

        assertThatThrownBy(() -> stream.getInputStream().read())
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("read from 10.77.0.2:7 timed out after 50 ms");
        accepted.getOutputStream().write(42);
        assertThat(stream.getInputStream().read()).isEqualTo(42);
    }

    @Test
    void aConnectNobodyAnswersEndsAfterTheSynRetransmissions() {
        TcpConfig impatient = TcpConfig.DEFAULT
                .withRto(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(20))
                .withRetries(2, 2, 2);
        connectHosts(new Impairment(1, 0, 0, 0, 1), impatient); // every frame lost

        assertThatThrownBy(() -> client.connect(SERVER, PORT, CONNECT_TIMEOUT))
                .isInstanceOf(ConnectException.class)
                .hasMessage("connection to 10.77.0.2:7 timed out after 2 retransmissions of the SYN");
    }

    @Test
    void aConnectLongerThanItsTimeoutIsAbandoned() {
        connectHosts(new Impairment(1, 0, 0, 0, 1), TcpConfig.DEFAULT);

        assertThatThrownBy(() -> client.connect(SERVER, PORT, Duration.ofMillis(30)))
                .isInstanceOf(ConnectException.class)
                .hasMessage("connection to 10.77.0.2:7 timed out after 30 ms");
    }

    @Test
    void anEchoThroughLossDelayReorderingAndDuplicationArrivesByteExact() throws Exception {
        TcpConfig quick = TcpConfig.DEFAULT.withRto(Duration.ofMillis(20), Duration.ofMillis(200),
                Duration.ofSeconds(2));
        connectHosts(new Impairment(0.03, TimeUnit.MILLISECONDS.toNanos(2), 0.02, 0.02, 7), quick);
        TcpStreamListener listener = server.listen(PORT, 8);
        CompletableFuture<Void> echoed = echoServer(listener);
        byte[] sent = random(256 * 1024, 2);

        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        writeThenShutdown(stream, sent);
        byte[] back = stream.getInputStream().readAllBytes();

        echoed.get(10, TimeUnit.SECONDS);
        assertThat(back).isEqualTo(sent);
    }

    @Test
    void acceptWaitsNoLongerThanItsTimeout_andAClosedListenerRefusesAccept() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);

        assertThatThrownBy(() -> listener.accept(Duration.ofMillis(20)))
                .isInstanceOf(SocketTimeoutException.class).hasMessage("no connection to port 7 within 20 ms");
        listener.close();
        assertThatThrownBy(() -> listener.accept(Duration.ZERO))
                .isInstanceOf(SocketException.class).hasMessage("the listener on port 7 is closed");
        assertThatThrownBy(() -> client.connect(SERVER, PORT, CONNECT_TIMEOUT))
                .isInstanceOf(ConnectException.class).hasMessageContaining("refused");
    }

    @Test
    void listeningTwiceOnAPortIsABindError() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        server.listen(PORT, 8);

        assertThatThrownBy(() -> server.listen(PORT, 8))
                .isInstanceOf(java.net.BindException.class).hasMessageContaining("already listened on");
    }

    @Test
    void whenTheLoopStopsAWaitingReaderIsToldInsteadOfWaitingForEver() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);
        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        listener.accept(ACCEPT_TIMEOUT);
        CompletableFuture<Throwable> reader = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                stream.getInputStream().read();
                reader.complete(null);
            } catch (IOException e) {
                reader.complete(e);
            }
        });

        drivers.getFirst().stop();

        assertThat(reader.get(10, TimeUnit.SECONDS)).isInstanceOf(SocketException.class)
                .hasMessageContaining("the network loop stopped");
        assertThatThrownBy(() -> client.connect(SERVER, PORT, CONNECT_TIMEOUT))
                .isInstanceOf(SocketException.class).hasMessage("the network loop has stopped");
    }

    @Test
    void aClosedStreamRefusesReadsAndWrites() throws Exception {
        connectHosts(Impairment.NONE, TcpConfig.DEFAULT);
        TcpStreamListener listener = server.listen(PORT, 8);
        TcpStream stream = client.connect(SERVER, PORT, CONNECT_TIMEOUT);
        listener.accept(ACCEPT_TIMEOUT);

        stream.close();

        assertThatThrownBy(() -> stream.getInputStream().read())
                .isInstanceOf(SocketException.class).hasMessage("the stream to 10.77.0.2:7 is closed");
        assertThatThrownBy(() -> stream.getOutputStream().write(1))
                .isInstanceOf(SocketException.class).hasMessage("the stream to 10.77.0.2:7 is closed");
    }

    // ---- fixtures ---------------------------------------------------------------------------------------------

    /** Two hosts on one wire; the client's side of it impaired (both directions) by {@code impairment}. */
    private void connectHosts(Impairment impairment, TcpConfig config) {
        MemoryWire wire = new MemoryWire();
        Host clientHost = host("client", 1, "10.77.0.1/24");
        Host serverHost = host("server", 2, "10.77.0.2/24");
        MonotonicClock clock = new MonotonicClock();
        FrameDevice clientDevice = impairment.isNone() ? wire.left : new FaultInjector(wire.left, impairment, clock::now);
        RealTimeDriver clientDriver = new RealTimeDriver(clientHost, clientDevice, null);
        RealTimeDriver serverDriver = new RealTimeDriver(serverHost, wire.right, null);
        drivers.add(clientDriver);
        drivers.add(serverDriver);
        clientDriver.start();
        serverDriver.start();
        client = new TcpStreams(clientDriver, clientHost, config);
        server = new TcpStreams(serverDriver, serverHost, config);
    }

    private static Host host(String name, int id, String cidr) {
        return Host.builder(name).iface(MacAddress.local(id), cidr, 1500).random(new SplittableRandom(id))
                .frameEvents(false).build();
    }

    /** Accepts one connection and echoes it until the end of its stream, then closes it. */
    private static CompletableFuture<Void> echoServer(TcpStreamListener listener) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                echo(listener.accept(ACCEPT_TIMEOUT));
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static void echo(TcpStream stream) {
        try (stream) {
            InputStream in = stream.getInputStream();
            OutputStream out = stream.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code data} from a virtual thread in uneven chunks, then half-closes. */
    private static CompletableFuture<Void> writeThenShutdown(TcpStream stream, byte[] data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = stream.getOutputStream();
                int offset = 0;
                int chunk = 1;
                while (offset < data.length) {
                    int n = Math.min(chunk, data.length - offset);
                    out.write(data, offset, n);
                    offset += n;
                    chunk = chunk * 3 % 70_001 + 1;
                }
                stream.shutdownOutput();
                done.complete(null);
            } catch (IOException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
