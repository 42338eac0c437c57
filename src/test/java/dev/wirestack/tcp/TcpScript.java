package dev.wirestack.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One connection, no network, virtual time, in the smoltcp style: {@link #send} hands the connection a segment from
 * the peer, {@link #expect} takes the next segment it sent and checks it and the exact time it left, {@link
 * #expectNothing} checks that nothing left up to a time. Between calls, time moves forward and timers fire at their
 * deadlines; every segment is recorded with the time it was sent.
 *
 * <p>Fixtures bring a connection to each state of RFC 9293 with the default {@link #CONFIG}: no window scaling,
 * timestamps or SACK, a 65,535-byte receive buffer (so the window field is 65535), MSS 1460, 200 ms minimum RTO. The
 * handshake happens at time 0, so the first RTT sample is 0 and the RTO is the 200 ms minimum.
 */
final class TcpScript {
    static final int LOCAL_PORT = 80;
    static final int REMOTE_PORT = 49152;
    static final FourTuple TUPLE = new FourTuple(new Endpoint(Ipv4Address.of(10, 77, 0, 1), LOCAL_PORT),
            new Endpoint(Ipv4Address.of(10, 77, 0, 2), REMOTE_PORT));
    static final SeqNum LOCAL_ISS = SeqNum.of(10_000);
    static final SeqNum REMOTE_ISS = SeqNum.of(4_000_000_000L);
    static final int WINDOW = 65535;
    static final int MSS = 1460;
    static final TcpConfig CONFIG = TcpConfig.DEFAULT.withOptions(false, false, false).withBuffers(65535, 65535);

    private final TcpConnection connection;
    private final SeqNum localIss;
    private final SeqNum remoteIss;
    private final Deque<Sent> outbox = new ArrayDeque<>();
    private final List<String> events = new ArrayList<>();
    private final List<TcpState> states = new ArrayList<>();
    private TcpError closedWith;
    private boolean closed;
    private long now;

    private record Sent(long at, OutSegment segment) {
    }

    private TcpScript(SeqNum localIss, SeqNum remoteIss, TcpConfig config, Seg syn) {
        this.localIss = localIss;
        this.remoteIss = remoteIss;
        TcpObserver observer = new Recorder();
        this.connection = syn == null
                ? TcpConnection.connect(0, TUPLE, localIss, config, observer)
                : TcpConnection.acceptSyn(0, TUPLE, localIss, syn.header(REMOTE_PORT, LOCAL_PORT), config, observer);
        states.add(connection.state());
        drain();
    }

    /** Milliseconds of virtual time, as the nanoseconds the connection counts in. */
    static long at(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    static byte[] pattern(int start, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((start + i) % 251);
        }
        return bytes;
    }

    // ---- fixtures -------------------------------------------------------------------------------------------------

    /** Active open: our SYN went out at 0. */
    static TcpScript synSent() {
        return synSent(CONFIG, LOCAL_ISS, REMOTE_ISS);
    }

    static TcpScript synSent(TcpConfig config, SeqNum localIss, SeqNum remoteIss) {
        TcpScript s = new TcpScript(localIss, remoteIss, config, null);
        s.expect(0, Seg.seg().syn().seq(s.local(0)).win(Math.min(config.receiveBufferBytes(), WINDOW))
                .options(s.connectionSynOptions(config)));
        return s;
    }

    /** Passive open: the peer's SYN arrived at 0 and our SYN-ACK went out. */
    static TcpScript synReceived() {
        return synReceived(CONFIG, LOCAL_ISS, REMOTE_ISS);
    }

    static TcpScript synReceived(TcpConfig config, SeqNum localIss, SeqNum remoteIss) {
        TcpScript s = new TcpScript(localIss, remoteIss, config, Seg.seg().syn().seq(remoteIss).mss(MSS));
        s.expect(0, Seg.seg().syn().seq(s.local(0)).ack(s.remote(1)).mss(config.mss()));
        return s;
    }

    static TcpScript established() {
        return established(CONFIG);
    }

    static TcpScript established(TcpConfig config) {
        return established(config, LOCAL_ISS, REMOTE_ISS);
    }

    /** Active open completed at time 0 with a peer that offers {@code peerOptions} in its SYN-ACK. */
    static TcpScript established(TcpConfig config, TcpOptions peerOptions) {
        TcpScript s = synSent(config, LOCAL_ISS, REMOTE_ISS);
        s.send(0, Seg.seg().syn().seq(s.remote(0)).ack(s.local(1)).options(peerOptions));
        s.connection.pollTransmit(0);
        s.outbox.clear();
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        return s;
    }

    /** Active open completed at time 0: SYN, SYN-ACK, ACK. */
    static TcpScript established(TcpConfig config, SeqNum localIss, SeqNum remoteIss) {
        TcpScript s = synSent(config, localIss, remoteIss);
        s.send(0, Seg.seg().syn().seq(s.remote(0)).ack(s.local(1)).mss(MSS));
        s.expect(0, Seg.seg().seq(s.local(1)).ack(s.remote(1)).win(Math.min(config.receiveBufferBytes(), WINDOW)));
        assertThat(s.state()).isEqualTo(TcpState.ESTABLISHED);
        return s;
    }

    /** We closed first: FIN sent, not acknowledged. */
    static TcpScript finWait1() {
        TcpScript s = established();
        s.close();
        s.expect(0, Seg.seg().fin().seq(s.local(1)).ack(s.remote(1)));
        assertThat(s.state()).isEqualTo(TcpState.FIN_WAIT_1);
        return s;
    }

    /** Our FIN acknowledged; the peer has not closed. */
    static TcpScript finWait2() {
        TcpScript s = finWait1();
        s.send(0, Seg.seg().seq(s.remote(1)).ack(s.local(2)));
        s.expectNothing(0);
        assertThat(s.state()).isEqualTo(TcpState.FIN_WAIT_2);
        return s;
    }

    /** The peer closed first: its FIN acknowledged. */
    static TcpScript closeWait() {
        TcpScript s = established();
        s.send(0, Seg.seg().fin().seq(s.remote(1)).ack(s.local(1)));
        s.expect(0, Seg.seg().seq(s.local(1)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.CLOSE_WAIT);
        return s;
    }

    /** The peer closed, then we did: our FIN sent. */
    static TcpScript lastAck() {
        TcpScript s = closeWait();
        s.close();
        s.expect(0, Seg.seg().fin().seq(s.local(1)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.LAST_ACK);
        return s;
    }

    /** Simultaneous close: the peer's FIN crossed ours. */
    static TcpScript closing() {
        TcpScript s = finWait1();
        s.send(0, Seg.seg().fin().seq(s.remote(1)).ack(s.local(1)));
        s.expect(0, Seg.seg().seq(s.local(2)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.CLOSING);
        return s;
    }

    /** We closed first and the peer's FIN followed our FIN's ACK. */
    static TcpScript timeWait() {
        TcpScript s = finWait2();
        s.send(0, Seg.seg().fin().seq(s.remote(1)).ack(s.local(2)));
        s.expect(0, Seg.seg().seq(s.local(2)).ack(s.remote(2)));
        assertThat(s.state()).isEqualTo(TcpState.TIME_WAIT);
        return s;
    }

    private TcpOptions connectionSynOptions(TcpConfig config) {
        TcpOptions o = TcpOptions.NONE.withMss(config.mss());
        if (config.windowScaling()) {
            o = o.withWindowScale(config.offeredWindowScale());
        }
        if (config.sack()) {
            o = o.withSackPermitted(true);
        }
        if (config.timestamps()) {
            o = o.withTimestamps(new TcpOptions.Timestamps(0, 0));
        }
        return o;
    }

    // ---- sequence numbers -----------------------------------------------------------------------------------------

    /** Our ISS plus {@code offset}. */
    SeqNum local(long offset) {
        return localIss.plus((int) offset);
    }

    /** The peer's ISS plus {@code offset}. */
    SeqNum remote(long offset) {
        return remoteIss.plus((int) offset);
    }

    // ---- the script -----------------------------------------------------------------------------------------------

    /** The peer's segment arrives at {@code time}, after every timer due before it fired. */
    void send(long time, Seg segment) {
        advanceTo(time);
        connection.onSegment(now, segment.header(REMOTE_PORT, LOCAL_PORT), MemorySegment.ofArray(segment.payload()));
        drain();
    }

    /**
     * An ICMP error of {@code type} and {@code code} quoting our segment with sequence number {@code quotedSeq}
     * arrives at {@code time}; returns whether the connection believed it.
     */
    boolean icmp(long time, int type, int code, SeqNum quotedSeq, int nextHopMtu) {
        advanceTo(time);
        boolean believed = connection.onIcmpError(now, type, code, quotedSeq, nextHopMtu);
        drain();
        return believed;
    }

    /** The next segment the connection sent left at exactly {@code time} and is {@code expected}. */
    void expect(long time, Seg expected) {
        advanceTo(time);
        assertThat(outbox).as("a segment at %d ms", time / 1_000_000).isNotEmpty();
        Sent sent = outbox.poll();
        OutSegment want = expected.toOutSegment(LOCAL_PORT, REMOTE_PORT);
        assertThat(sent.segment().toString()).as("segment sent at %d ms", sent.at() / 1_000_000)
                .isEqualTo(want.toString());
        assertThat(sent.segment().header()).isEqualTo(want.header());
        assertThat(sent.segment().payload()).isEqualTo(want.payload());
        assertThat(sent.at()).as("send time (ns) of %s", sent.segment()).isEqualTo(time);
    }

    /** Nothing was sent up to and including {@code time}. */
    void expectNothing(long time) {
        advanceTo(time);
        assertThat(outbox).as("segments sent by %d ms", time / 1_000_000).isEmpty();
    }

    /** Runs timers up to {@code time} (each at its own deadline) and then sets the clock to {@code time}. */
    void advanceTo(long time) {
        assertThat(time).as("time runs forward").isGreaterThanOrEqualTo(now);
        while (connection.nextDeadline() <= time) {
            now = connection.nextDeadline();
            connection.onTimeout(now);
            drain();
        }
        now = time;
    }

    private void drain() {
        for (OutSegment out = connection.pollTransmit(now); out != null; out = connection.pollTransmit(now)) {
            outbox.add(new Sent(now, out));
        }
        assertThat(connection.wantsToTransmit()).as("wantsToTransmit after draining").isFalse();
    }

    // ---- the application ------------------------------------------------------------------------------------------

    int write(String text) {
        return write(text.getBytes(StandardCharsets.US_ASCII));
    }

    int write(byte[] bytes) {
        int n = connection.write(bytes, 0, bytes.length);
        drain();
        return n;
    }

    /** Reads up to {@code max} bytes; the result as text, or null at end of stream. */
    String read(int max) {
        byte[] into = new byte[max];
        int n = connection.read(into, 0, max);
        drain();
        return n < 0 ? null : new String(into, 0, n, StandardCharsets.ISO_8859_1);
    }

    byte[] readBytes(int max) {
        byte[] into = new byte[max];
        int n = connection.read(into, 0, max);
        drain();
        return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(into, n);
    }

    void close() {
        connection.close();
        drain();
    }

    void shutdownOutput() {
        connection.shutdownOutput();
        drain();
    }

    void abort() {
        connection.abort();
        drain();
    }

    TcpConnection connection() {
        return connection;
    }

    TcpState state() {
        return connection.state();
    }

    /** Every state the connection went through, the initial one first. */
    List<TcpState> states() {
        return states;
    }

    /** Observer calls other than state changes, such as "established", "readable", "retransmit 10001+1460 fast". */
    List<String> events() {
        return events;
    }

    boolean closed() {
        return closed;
    }

    TcpError closedWith() {
        return closedWith;
    }

    private final class Recorder implements TcpObserver {
        @Override
        public void onStateChange(long t, TcpConnection c, TcpState from, TcpState to) {
            states.add(to);
        }

        @Override
        public void onEstablished(long t, TcpConnection c) {
            events.add("established");
        }

        @Override
        public void onPeerClosed(long t, TcpConnection c) {
            events.add("peer closed");
        }

        @Override
        public void onClosed(long t, TcpConnection c, TcpError errorOrNull) {
            closed = true;
            closedWith = errorOrNull;
            events.add("closed " + errorOrNull);
        }

        @Override
        public void onCongestionUpdate(long t, TcpConnection c, long cwnd, long ssthresh, long srtt, long rto) {
            events.add("cwnd " + cwnd + " ssthresh " + (ssthresh == Long.MAX_VALUE ? "inf" : ssthresh) + " rto "
                    + rto / 1_000_000 + " at " + t / 1_000_000);
        }

        @Override
        public void onRetransmit(long t, TcpConnection c, SeqNum seq, int length, boolean fast) {
            events.add("retransmit " + seq + "+" + length + (fast ? " fast" : " timeout") + " at " + t / 1_000_000);
        }
    }
}
