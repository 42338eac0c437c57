package dev.wirestack.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.http.client.ClientConfig;
import dev.wirestack.http.client.ClientRequest;
import dev.wirestack.http.client.ClientResponse;
import dev.wirestack.http.client.HttpClient;
import dev.wirestack.http.server.HttpServer;
import dev.wirestack.http.server.ServerConfig;
import dev.wirestack.http.server.StaticFileHandler;
import dev.wirestack.http.transport.EventLoop;
import dev.wirestack.http.transport.WirestackNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.wire.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time loop as HTTP's event loop: timers from any thread run on the loop thread, cancelled ones never, and
 * an HTTP server and client on two hosts joined by a {@link MemoryWire} exchange a file byte-exact, its progress
 * reported on the way. Real time: each
 * test waits for an outcome, bounded by {@link Timeout}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DriverEventLoopTest {
    private final List<RealTimeDriver> drivers = new ArrayList<>();

    @TempDir
    Path root;

    @AfterEach
    void stopDrivers() throws InterruptedException {
        for (RealTimeDriver driver : drivers) {
            driver.stop();
        }
    }

    @Test
    void aTaskScheduledFromAnotherThreadRunsOnTheLoop_notBeforeItsDelay() throws Exception {
        RealTimeDriver driver = driver(host("solo", 1, "10.77.0.1/24"), new MemoryWire().left);
        EventLoop loop = new DriverEventLoop(driver);
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        long scheduledAt = loop.nowNanos();

        loop.schedule(TimeUnit.MILLISECONDS.toNanos(20), () -> onLoop.complete(driver.isLoopThread()));

        assertThat(onLoop.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(loop.nowNanos() - scheduledAt).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
    }

    @Test
    void aCancelledTaskNeverRuns_whileALaterOneDoes() throws Exception {
        RealTimeDriver driver = driver(host("solo", 1, "10.77.0.1/24"), new MemoryWire().left);
        EventLoop loop = new DriverEventLoop(driver);
        List<String> ran = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> later = new CompletableFuture<>();

        loop.execute(() -> {
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(5), () -> ran.add("cancelled")).cancel();
            loop.schedule(TimeUnit.MILLISECONDS.toNanos(30), () -> later.complete(null));
        });

        later.get(10, TimeUnit.SECONDS);
        assertThat(ran).isEmpty();
    }

    @Test
    void anHttpServerAndClientOnTwoRealTimeHostsExchangeAMebibyteByteExact() throws Exception {
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Files.write(root.resolve("data.bin"), content);
        MemoryWire wire = new MemoryWire();
        Host serverHost = host("server", 2, "10.77.0.2/24");
        Host clientHost = host("client", 1, "10.77.0.1/24");
        RealTimeDriver serverDriver = driver(serverHost, wire.right);
        RealTimeDriver clientDriver = driver(clientHost, wire.left);
        DriverEventLoop serverLoop = new DriverEventLoop(serverDriver);
        HttpServer server = new HttpServer(new StaticFileHandler(root), ServerConfig.DEFAULT);
        CompletableFuture<Void> listening = new CompletableFuture<>();
        serverLoop.execute(() -> {
            try {
                server.serve(new WirestackNetwork(serverHost, serverLoop), 80);
                listening.complete(null);
            } catch (Exception e) {
                listening.completeExceptionally(e);
            }
        });
        listening.get(10, TimeUnit.SECONDS);
        HttpClient client = new HttpClient(new WirestackNetwork(clientHost, new DriverEventLoop(clientDriver)),
                ClientConfig.DEFAULT);

        List<long[]> progress = new CopyOnWriteArrayList<>();

        ClientResponse response = client.send(ClientRequest.get("http://10.77.0.2/data.bin"),
                (bytes, expected) -> progress.add(new long[] {bytes, expected})).get(20, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(content);
        assertThat(progress).as("the body came in several reads, each reported").hasSizeGreaterThan(1);
        assertThat(progress.getLast()).containsExactly(content.length, content.length);
    }

    private RealTimeDriver driver(Host host, FrameDevice device) {
        RealTimeDriver driver = new RealTimeDriver(host, device, null);
        drivers.add(driver);
        driver.start();
        return driver;
    }

    private static Host host(String name, int id, String cidr) {
        return Host.builder(name).iface(MacAddress.local(id), cidr, 1500).random(new SplittableRandom(id))
                .frameEvents(false).build();
    }
}
