package dev.wirestack.scenario;

import dev.wirestack.udp.UdpSocket;
import java.time.Duration;

/** Runs {@link Traffic.UdpBlast}: datagrams at a fixed interval, no acknowledgment, no retransmission. */
final class UdpBlastRun implements TrafficRun {
    /** How long the last datagram may take to arrive before the count is final. */
    private static final long DRAIN = Duration.ofSeconds(1).toNanos();

    private final Traffic.UdpBlast blast;
    private final RunContext context;
    private long lastSendAt = -1;
    private int sent;
    private int received;
    private long receivedBytes;

    UdpBlastRun(Traffic.UdpBlast blast, RunContext context) {
        this.blast = blast;
        this.context = context;
    }

    @Override
    public void start() {
        UdpSocket receiver = context.host(blast.to()).openUdp(blast.port());
        receiver.onMessage(message -> {
            received++;
            receivedBytes += message.data().length;
        });
        UdpSocket sender = context.host(blast.from()).openUdp(0);
        long start = context.now();
        for (int i = 0; i < blast.datagrams(); i++) {
            long at = start + i * blast.interval().toNanos();
            context.network().schedule(at, () -> {
                sender.send(context.address(blast.to()), blast.port(), new byte[blast.size()]);
                sent++;
            });
            lastSendAt = at;
        }
    }

    @Override
    public boolean finished() {
        return lastSendAt >= 0 && sent == blast.datagrams() && context.now() >= lastSendAt + DRAIN;
    }

    @Override
    public Outcome outcome() {
        return new Outcome.Builder().put("sent", sent).put("received", received)
                .put("lost", sent - received).put("receivedBytes", receivedBytes)
                .build(blast.label(), "udp", finished());
    }
}
