package dev.wirestack.scenario;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.icmp.PingSocket;
import dev.wirestack.wire.IcmpHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link Traffic.Traceroute}: one echo request per TTL, 1, 2, 3..., each sent when the previous one was
 * answered or gave up; routers answer "time exceeded", the destination an echo reply.
 */
final class TracerouteRun implements TrafficRun {
    private static final long PROBE_WAIT = Duration.ofSeconds(1).toNanos();
    private static final int PROBE_DATA = 32;

    private final Traffic.Traceroute trace;
    private final RunContext context;
    private final List<String> hops = new ArrayList<>();
    private PingSocket socket;
    private int ttl;
    private long sentAt;
    private boolean done;
    private boolean arrived;

    TracerouteRun(Traffic.Traceroute trace, RunContext context) {
        this.trace = trace;
        this.context = context;
    }

    @Override
    public void start() {
        socket = context.host(trace.from()).openPing(this::heard);
        probe();
    }

    private void probe() {
        ttl++;
        int probe = ttl;
        sentAt = context.now();
        socket.send(context.address(trace.to()), probe, PROBE_DATA, probe);
        context.network().schedule(sentAt + PROBE_WAIT, () -> {
            if (!done && ttl == probe) {
                hops.add(probe + " *");
                next();
            }
        });
    }

    private void heard(PingEvent event) {
        if (done || event.sequence() != ttl) {
            return;
        }
        var responder = switch (event) {
            case PingEvent.Reply reply -> reply.from();
            case PingEvent.Error error -> error.reporter();
        };
        hops.add(String.format(Locale.ROOT, "%d %s %.3f ms", ttl, responder, (event.timeNanos() - sentAt) / 1e6));
        arrived = event instanceof PingEvent.Reply
                || (event instanceof PingEvent.Error error && error.type() == IcmpHeader.DESTINATION_UNREACHABLE);
        next();
    }

    private void next() {
        if (arrived || ttl >= trace.maxTtl()) {
            done = true;
        } else {
            probe();
        }
    }

    @Override
    public boolean finished() {
        return done;
    }

    @Override
    public Outcome outcome() {
        return new Outcome.Builder().put("hops", String.join("; ", hops)).put("reached", arrived)
                .build(trace.label(), "traceroute", done);
    }
}
