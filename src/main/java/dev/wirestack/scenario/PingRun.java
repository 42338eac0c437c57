package dev.wirestack.scenario;

import dev.wirestack.icmp.PingEvent;
import java.time.Duration;
import java.util.Arrays;

/** Runs {@link Traffic.Ping}: echo requests at their interval, replies matched by sequence number. */
final class PingRun implements TrafficRun {
    /** How long the last request may wait for its reply (iputils ping's -W default is 10 s; 2 s is plenty here). */
    private static final long LAST_REPLY_WAIT = Duration.ofSeconds(2).toNanos();

    private final Traffic.Ping ping;
    private final RunContext context;
    private final long[] sentAt;
    private final long[] rtt;
    private int replies;
    private int errors;
    private long lastSendAt = -1;

    PingRun(Traffic.Ping ping, RunContext context) {
        this.ping = ping;
        this.context = context;
        this.sentAt = new long[ping.count() + 1];
        this.rtt = new long[ping.count() + 1];
        Arrays.fill(rtt, -1);
    }

    @Override
    public void start() {
        var socket = context.host(ping.from()).openPing(this::heard);
        long start = context.now();
        for (int sequence = 1; sequence <= ping.count(); sequence++) {
            int seq = sequence;
            long at = start + (seq - 1) * ping.interval().toNanos();
            context.network().schedule(at, () -> {
                sentAt[seq] = context.now();
                socket.send(context.address(ping.to()), seq, ping.size());
            });
            lastSendAt = at;
        }
    }

    private void heard(PingEvent event) {
        int seq = event.sequence();
        if (seq < 1 || seq > ping.count()) {
            return;
        }
        switch (event) {
            case PingEvent.Reply reply when rtt[seq] < 0 -> {
                rtt[seq] = reply.timeNanos() - sentAt[seq];
                replies++;
            }
            case PingEvent.Error ignored -> errors++;
            default -> {
            }
        }
    }

    @Override
    public boolean finished() {
        return lastSendAt >= 0 && (replies + errors >= ping.count()
                || context.now() >= lastSendAt + LAST_REPLY_WAIT);
    }

    @Override
    public Outcome outcome() {
        long[] measured = Arrays.stream(rtt).filter(r -> r >= 0).toArray();
        var values = new Outcome.Builder().put("sent", lastSendAt < 0 ? 0 : ping.count()).put("replies", replies)
                .put("errors", errors);
        if (measured.length > 0) {
            values.millis("rttMinMs", 0, Arrays.stream(measured).min().orElseThrow())
                    .millis("rttAvgMs", 0, (long) Arrays.stream(measured).average().orElseThrow())
                    .millis("rttMaxMs", 0, Arrays.stream(measured).max().orElseThrow());
        }
        return values.build(ping.label(), "ping", finished());
    }
}
