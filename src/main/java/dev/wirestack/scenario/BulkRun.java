package dev.wirestack.scenario;

import dev.wirestack.report.BulkTransfer;
import dev.wirestack.trace.TraceEvent;

/** Runs {@link Traffic.TcpBulk} with the demo's {@link BulkTransfer}, holding the server's reads back if asked. */
final class BulkRun implements TrafficRun {
    private final Traffic.TcpBulk bulk;
    private final RunContext context;
    private final long seed;
    private BulkTransfer transfer;

    BulkRun(Traffic.TcpBulk bulk, RunContext context, long seed) {
        this.bulk = bulk;
        this.context = context;
        this.seed = seed;
    }

    @Override
    public void start() {
        transfer = new BulkTransfer(context.host(bulk.from()), context.host(bulk.to()), context.address(bulk.to()),
                bulk.port(), bulk.bytes(), seed, bulk.tcp().toConfig(), context.network()::now);
        if (bulk.readDelay().isPositive()) {
            transfer.holdReading(true);
            context.network().schedule(context.now() + bulk.readDelay().toNanos(), () -> transfer.holdReading(false));
        }
    }

    @Override
    public boolean finished() {
        return transfer != null && transfer.finished();
    }

    @Override
    public Outcome outcome() {
        var values = new Outcome.Builder().put("congestionControl", bulk.tcp().congestion().displayName())
                .put("bytes", bulk.bytes());
        if (transfer == null) {
            return values.put("received", 0).build(bulk.label(), "tcp", false);
        }
        long fast = 0;
        long timeout = 0;
        for (TraceEvent event : context.recorder().events()) {
            if (event instanceof TraceEvent.TcpRetransmit r && r.node().equals(bulk.from())
                    && r.remotePort() == bulk.port()) {
                if (r.fast()) {
                    fast++;
                } else {
                    timeout++;
                }
            }
        }
        long established = transfer.establishedAt();
        long last = transfer.lastByteAt();
        double goodput = last > established && established >= 0 ? transfer.receivedBytes() * 8e3 / (last - established)
                : 0;
        return values.put("received", transfer.receivedBytes()).put("intact", transfer.intact())
                .millis("handshakeMs", transfer.startedAt(), established)
                .millis("transferMs", established, last)
                .put("goodputMbps", Math.round(goodput * 1000) / 1000.0)
                .put("fastRetransmits", fast).put("timeoutRetransmits", timeout)
                .put("error", transfer.error() == null ? "none" : transfer.error().toString())
                .build(bulk.label(), "tcp", transfer.finished());
    }
}
