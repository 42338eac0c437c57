package dev.wirestack.report;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.cc.CongestionControlFactory;
import dev.wirestack.tcp.cc.Cubic;
import dev.wirestack.tcp.cc.NewReno;
import dev.wirestack.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The scenario {@code wirestack demo} runs in the built-in network ({@link ReferenceNetwork}: client LAN, three
 * routers with a lossy wide-area link between the second and third, server LAN): ARP and ping, then a bulk transfer
 * with NewReno, then the same transfer with CUBIC, each with its handshake and graceful close. Everything runs on
 * virtual time from one seed, so the same seed gives the same trace.
 */
public final class DemoScenario {
    /** The events a demo may record: far more than a default run needs, few enough to bound memory. */
    public static final int MAX_EVENTS = 1_000_000;
    public static final int PORT_NEW_RENO = 5001;
    public static final int PORT_CUBIC = 5002;
    /**
     * A short maximum segment lifetime, so TIME-WAIT (2 MSL, RFC 9293 section 3.4.2) is seen to end within the
     * demo; real stacks use 30 s or more.
     */
    public static final Duration MSL = Duration.ofMillis(500);

    private static final long PING_INTERVAL = Duration.ofMillis(100).toNanos();
    private static final int PINGS = 3;
    private static final long STEP = Duration.ofMillis(50).toNanos();
    private static final long TRANSFER_DEADLINE = Duration.ofSeconds(300).toNanos();
    private static final long PAUSE = Duration.ofMillis(200).toNanos();

    /** What the demo does: the seed, the wide-area loss and the bytes of each transfer. */
    public record Settings(long seed, double loss, int transferBytes) {
        public static final Settings DEFAULT = new Settings(1, 0.01, 2 * 1024 * 1024);

        public Settings {
            if (!(loss >= 0 && loss < 1)) {
                throw new IllegalArgumentException("loss is a probability from 0 to just below 1, not " + loss);
            }
            if (transferBytes < 1) {
                throw new IllegalArgumentException("a transfer needs at least one byte: " + transferBytes);
            }
        }
    }

    /** Told how far the run is, for a progress line: {@code fraction} 0 to 1 of the current step. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (step, fraction) -> { };

        void update(String step, double fraction);
    }

    /** A part of the run, and where its events are in the recorder. */
    public record Phase(String title, int firstEvent, int endEvent, long startNanos, long endNanos) {
    }

    /** How a transfer went; times in virtual nanoseconds, -1 for what never happened. */
    public record Transfer(String congestionControl, int port, long bytes, long startedAt, long establishedAt,
                           long lastByteAt, long serverSawEndAt, long serverClosedAt, long clientClosedAt,
                           boolean intact) {
        public long handshakeNanos() {
            return establishedAt < 0 ? -1 : establishedAt - startedAt;
        }

        /** Bytes per second of application data, from the end of the handshake to the last byte read. */
        public double goodputBitsPerSecond() {
            return lastByteAt <= establishedAt ? 0 : bytes * 8e9 / (lastByteAt - establishedAt);
        }

        /** From the server reading the client's FIN to the server's connection closing (its FIN acknowledged). */
        public long closeNanos() {
            return serverClosedAt < 0 || serverSawEndAt < 0 ? -1 : serverClosedAt - serverSawEndAt;
        }
    }

    /** Everything a report needs from a run. */
    public record Result(Settings settings, ReferenceNetwork network, TraceRecorder recorder, List<Phase> phases,
                         List<Transfer> transfers, int pingReplies) {
        public List<Host> hosts() {
            Host[] routers = network.routers();
            return Stream.concat(Stream.of(network.client()), Stream.concat(Stream.of(routers),
                    Stream.of(network.server()))).toList();
        }
    }

    private DemoScenario() {
    }

    /** Runs the demo; {@code tracer} also hears every event (for pcap files). */
    public static Result run(Settings settings, Tracer tracer, Progress progress) {
        TraceRecorder recorder = new TraceRecorder(MAX_EVENTS,
                Set.of("client", "r1", "r2", "r3", "server"));
        ReferenceNetwork reference = new ReferenceNetwork(settings.seed(), settings.loss(), recorder.andThen(tracer));
        SimNetwork network = reference.network();
        List<Phase> phases = new ArrayList<>();

        int[] replies = {0};
        int firstEvent = recorder.events().size();
        long start = network.now();
        progress.update("ARP and ping", 0);
        PingSocket ping = reference.client().openPing(event -> {
            if (event instanceof PingEvent.Reply) {
                replies[0]++;
            }
        });
        for (int sequence = 1; sequence <= PINGS; sequence++) {
            int seq = sequence;
            network.schedule(start + (seq - 1) * PING_INTERVAL, () -> ping.send(ReferenceNetwork.SERVER, seq, 56));
        }
        network.runUntil(start + PINGS * PING_INTERVAL + PAUSE);
        phases.add(new Phase("ARP and ping", firstEvent, recorder.events().size(), start, network.now()));
        progress.update("ARP and ping", 1);

        List<Transfer> transfers = new ArrayList<>();
        transfers.add(transfer(reference, recorder, settings, "NewReno", NewReno::new, PORT_NEW_RENO, phases,
                progress));
        transfers.add(transfer(reference, recorder, settings, "CUBIC", Cubic::new, PORT_CUBIC, phases, progress));
        return new Result(settings, reference, recorder, List.copyOf(phases), List.copyOf(transfers), replies[0]);
    }

    private static Transfer transfer(ReferenceNetwork reference, TraceRecorder recorder, Settings settings,
                                     String name, CongestionControlFactory cc, int port, List<Phase> phases,
                                     Progress progress) {
        SimNetwork network = reference.network();
        TcpConfig config = TcpConfig.DEFAULT.withCongestionControl(cc).withMsl(MSL);
        int firstEvent = recorder.events().size();
        long start = network.now();
        String step = "TCP transfer with " + name;
        progress.update(step, 0);
        BulkTransfer transfer = new BulkTransfer(reference.client(), reference.server(), ReferenceNetwork.SERVER,
                port, settings.transferBytes(), settings.seed() + port, config, network::now);
        long deadline = start + TRANSFER_DEADLINE;
        while (!transfer.finished() && network.now() < deadline) {
            network.runFor(Duration.ofNanos(STEP));
            progress.update(step, (double) transfer.receivedBytes() / transfer.size());
        }
        network.runFor(Duration.ofNanos(PAUSE));
        phases.add(new Phase(step, firstEvent, recorder.events().size(), start, network.now()));
        return new Transfer(name, port, transfer.receivedBytes(), transfer.startedAt(),
                transfer.establishedAt(), transfer.lastByteAt(), transfer.serverSawEndAt(), transfer.serverClosedAt(),
                transfer.clientClosedAt(), transfer.intact());
    }
}
