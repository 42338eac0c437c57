package dev.wirestack.tcp;

import static dev.wirestack.wire.TcpHeader.ACK;
import static dev.wirestack.wire.TcpHeader.FIN;
import static dev.wirestack.wire.TcpHeader.PSH;
import static dev.wirestack.wire.TcpHeader.RST;
import static dev.wirestack.wire.TcpHeader.SYN;
import static dev.wirestack.wire.TcpHeader.URG;

import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpOptions.SackBlock;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * One TCP connection's state machine (RFC 9293), sans-I/O: it consumes segments and timer expiries with the time
 * they happen and produces segments to send; it knows nothing of hosts, IP or clocks. The send side lives in
 * {@link Sender}, the receive side in {@link Receiver}, the deadlines in {@link Timers}; this class holds the state
 * and walks RFC 9293 section 3.10.7 step by step, one method per step.
 *
 * <p>Driving it: after {@link #onSegment}, {@link #onTimeout} or any application call, drain {@link #pollTransmit}
 * until it returns null, then sleep until {@link #nextDeadline} and call {@link #onTimeout}. Times are nanoseconds on
 * the driver's monotonic clock. Single-threaded: the owner serialises every call.
 */
public final class TcpConnection {
    private final FourTuple tuple;
    private final TcpConfig config;
    private final TcpObserver observer;
    private final boolean activeOpen;
    private final Timers timers = new Timers();
    private final Sender sender;
    private Receiver receiver;
    private NegotiatedOptions options;
    private TcpOptions peerSynOptions;
    private TcpState state;
    private TcpError error;
    private long lastNow;

    private boolean synPending;
    private int synRetransmits;
    private long synSentAt;
    private boolean ackNow;
    private TcpHeader pendingReset;
    private boolean outputShutdown;
    private boolean closedByApplication;

    private final TimestampState timestamps = new TimestampState();
    private SeqNum lastAckSent;

    private final ChallengeAckPacer challengeAcks = new ChallengeAckPacer();
    /** The last soft ICMP error (RFC 1122 4.2.3.9), reported if the connection times out; cleared by progress. */
    private TcpError softError;

    private int keepAliveProbes;
    private boolean keepAliveProbePending;
    private long reportedCwnd = -1;
    private long reportedSsthresh = -1;
    private long reportedSrtt = -1;
    private long reportedRto = -1;

    private TcpConnection(long now, FourTuple tuple, SeqNum iss, TcpConfig config, TcpObserver observer,
                          boolean activeOpen, TcpState initial) {
        this.tuple = tuple;
        this.config = config;
        this.observer = observer == null ? TcpObserver.NONE : observer;
        this.activeOpen = activeOpen;
        this.sender = new Sender(iss, config, timers, config.noDelay());
        this.state = initial;
        this.lastNow = now;
        this.synPending = true;
    }

    /** Active open (RFC 9293 section 3.10.1): SYN-SENT, with the SYN queued for the next {@link #pollTransmit}. */
    public static TcpConnection connect(long now, FourTuple tuple, SeqNum iss, TcpConfig config,
                                        TcpObserver observer) {
        return new TcpConnection(now, tuple, iss, config, observer, true, TcpState.SYN_SENT);
    }

    /**
     * Passive open from a listener that received {@code syn} (RFC 9293 section 3.10.7.2, LISTEN fourth): SYN-RECEIVED,
     * with the SYN-ACK queued. The options are negotiated from the SYN.
     */
    public static TcpConnection acceptSyn(long now, FourTuple tuple, SeqNum iss, TcpHeader syn, TcpConfig config,
                                          TcpObserver observer) {
        if (!syn.has(SYN) || syn.has(ACK) || syn.has(RST)) {
            throw new IllegalArgumentException("not a connection request: " + syn.flagNames());
        }
        TcpConnection c = new TcpConnection(now, tuple, iss, config, observer, false, TcpState.SYN_RECEIVED);
        c.learnPeerSyn(now, syn);
        c.sender.initWindow(syn.window(), syn.sequenceNumber(), iss);
        return c;
    }

    /** The peer's SYN fixes IRS, RCV.NXT and the options (RFC 9293 3.10.7.2/3.10.7.3, RFC 7323 section 2.2). */
    private void learnPeerSyn(long now, TcpHeader syn) {
        peerSynOptions = syn.options();
        options = NegotiatedOptions.negotiate(config, syn.options());
        receiver = new Receiver(syn.sequenceNumber(), config.receiveBufferBytes(), config.mss());
        receiver.setOptions(options);
        sender.setOptions(now, options);
        if (options.timestamps()) {
            timestamps.enable(now, syn.options().timestamps());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Segment arrival: RFC 9293 section 3.10.7

    /** A segment for this connection arrived (RFC 9293 section 3.10.7, SEGMENT ARRIVES). Bad input is dropped. */
    public void onSegment(long now, TcpHeader header, MemorySegment payload) {
        lastNow = now;
        switch (state) {
            case CLOSED, LISTEN -> {
                return; // the host answers segments for closed connections (RFC 9293 3.10.7.1)
            }
            case SYN_SENT -> onSegmentInSynSent(now, header);
            default -> onSegmentSynchronized(now, header, payload);
        }
        afterEvent(now);
    }

    /**
     * RFC 9293 section 3.10.7.3, SYN-SENT: check the ACK, then RST, then SYN. A SYN-ACK completes the handshake; a
     * bare SYN is a simultaneous open (RFC 9293 figure 8). Data on a SYN is not kept; the peer sends it again.
     */
    private void onSegmentInSynSent(long now, TcpHeader h) {
        SeqNum iss = sender.iss();
        boolean hasAck = h.has(ACK);
        SeqNum ack = h.acknowledgmentNumber();
        if (hasAck && (ack.le(iss) || ack.gt(iss.plus(1)))) {
            if (!h.has(RST)) {
                pendingReset = header(ack, SeqNum.ZERO, RST, 0, TcpOptions.NONE);
            }
            return;
        }
        if (h.has(RST)) {
            if (hasAck) {
                toClosed(now, TcpError.REFUSED);
            }
            return;
        }
        if (!h.has(SYN)) {
            return;
        }
        learnPeerSyn(now, h);
        if (hasAck) {
            takeSynRttSample(now, h);
            sender.initWindow(h.window(), h.sequenceNumber(), ack);
            ackNow = true;
            establish(now);
        } else {
            setState(now, TcpState.SYN_RECEIVED);
            synPending = true;
        }
    }

    /** The steps of RFC 9293 section 3.10.7.4 for SYN-RECEIVED and every later state, in the RFC's order. */
    private void onSegmentSynchronized(long now, TcpHeader h, MemorySegment payload) {
        if (h.has(RST)) {
            checkRst(now, h);
            return;
        }
        if (h.has(SYN) && !isSimultaneousOpenSynAck(h)) {
            checkSyn(now, h);
            return;
        }
        if (state == TcpState.TIME_WAIT) {
            onSegmentInTimeWait(now, h, (int) payload.byteSize());
            return;
        }
        if (!checkPaws(now, h)) {
            return;
        }
        Accepted segment = isSimultaneousOpenSynAck(h)
                ? new Accepted(h.sequenceNumber().plus(1), MemorySegment.NULL, false)
                : checkSequence(h, payload);
        if (segment == null) {
            return;
        }
        updateTsRecent(now, h);
        restartKeepAlive(now);
        if (!processAck(now, h, segment)) {
            return;
        }
        processUrg(h);
        processText(now, segment);
        processFin(now, segment);
    }

    /** A segment that passed the acceptability test, trimmed to the receive window. */
    private record Accepted(SeqNum seq, MemorySegment payload, boolean fin) {
    }

    /**
     * First check (RFC 9293 section 3.10.7.4, "first check sequence number"): the four-case acceptability test on
     * RCV.NXT and RCV.WND. An unacceptable segment is answered with an ACK and dropped. With a zero window a segment
     * at RCV.NXT still has its ACK processed (the RFC's "special allowance"), its text dropped: that is how a
     * zero-window probe is answered. Text outside the window is trimmed away.
     */
    private Accepted checkSequence(TcpHeader h, MemorySegment payload) {
        SeqNum rcvNxt = receiver.rcvNxt();
        int window = receiver.rcvWnd();
        SeqNum seq = h.sequenceNumber();
        int length = (int) payload.byteSize() + (h.has(FIN) ? 1 : 0);
        boolean acceptable;
        if (length == 0) {
            acceptable = window == 0 ? seq.equals(rcvNxt) : seq.inWindow(rcvNxt, window);
        } else {
            acceptable = window > 0 && (seq.inWindow(rcvNxt, window) || seq.plus(length - 1).inWindow(rcvNxt, window));
        }
        if (!acceptable) {
            ackNow = true;
            if (window == 0 && seq.equals(rcvNxt)) {
                return new Accepted(seq, MemorySegment.NULL, false);
            }
            return null;
        }
        int skip = Math.max(0, rcvNxt.minus(seq));
        int room = Math.max(0, rcvNxt.plus(window).minus(seq.plus(skip)));
        int keep = (int) Math.min(payload.byteSize() - Math.min(skip, payload.byteSize()), room);
        long from = Math.min(skip, payload.byteSize());
        boolean finFits = h.has(FIN) && from + keep == payload.byteSize();
        if (from == 0 && keep == payload.byteSize()) {
            return new Accepted(seq, payload, finFits); // the common case: all of it in the window, nothing to slice
        }
        return new Accepted(seq.plus((int) from), payload.asSlice(from, keep), finFits);
    }

    /** PAWS (RFC 7323 section 5.3, R1): an old duplicate is answered with an ACK and dropped. */
    private boolean checkPaws(long now, TcpHeader h) {
        if (timestamps.isOldDuplicate(now, h.options().timestamps())) {
            ackNow = true;
            return false;
        }
        return true;
    }

    /** RFC 7323 section 4.3: TS.Recent takes SEG.TSval when SEG.SEQ <= Last.ACK.sent (and TSval is not older). */
    private void updateTsRecent(long now, TcpHeader h) {
        timestamps.updateRecent(now, h.options().timestamps(),
                lastAckSent == null || h.sequenceNumber().le(lastAckSent));
    }

    /**
     * Second check (RFC 9293 section 3.10.7.4, "second check the RST bit", as RFC 5961 section 3.2 tightens it): only
     * an RST with exactly SEG.SEQ = RCV.NXT resets; any other in-window RST draws a challenge ACK; the rest are
     * dropped. In TIME-WAIT every RST is ignored (RFC 1337, TIME-WAIT assassination).
     */
    private void checkRst(long now, TcpHeader h) {
        if (state == TcpState.TIME_WAIT) {
            return;
        }
        SeqNum seq = h.sequenceNumber();
        SeqNum rcvNxt = receiver.rcvNxt();
        if (!seq.equals(rcvNxt)) {
            if (seq.inWindow(rcvNxt, Math.max(1, receiver.rcvWnd()))) {
                challengeAck(now); // RFC 5961 section 3.2
            }
            return;
        }
        switch (state) {
            case SYN_RECEIVED -> toClosed(now, activeOpen ? TcpError.REFUSED : TcpError.RESET);
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> toClosed(now, TcpError.RESET);
            default -> toClosed(now, null); // CLOSING, LAST_ACK: the close was under way anyway
        }
    }

    /**
     * Fourth check (RFC 9293 section 3.10.7.4, "fourth check the SYN bit", RFC 5961 section 4.2): a SYN on a
     * synchronized connection, whatever its sequence number, draws a challenge ACK and is dropped; if the peer really
     * restarted, our ACK makes it send an exact RST. In SYN-RECEIVED a retransmission of the peer's SYN means our
     * SYN-ACK was lost: it is sent again, as Linux does.
     */
    private void checkSyn(long now, TcpHeader h) {
        if (state == TcpState.SYN_RECEIVED && !h.has(ACK) && h.sequenceNumber().plus(1).equals(receiver.rcvNxt())) {
            synPending = true;
            return;
        }
        challengeAck(now);
    }

    /** A challenge ACK (RFC 5961 sections 3.2, 4.2, 5.2) within the rate limits of section 7, else reported. */
    private void challengeAck(long now) {
        if (challengeAcks.tryAcquire(now)) {
            ackNow = true;
        } else {
            observer.onChallengeAckSuppressed(now, this);
        }
    }

    /**
     * In SYN-RECEIVED after a simultaneous open (RFC 9293 figure 8, line 6), the peer's SYN-ACK acknowledges our SYN
     * and repeats its own: it is taken as the handshake's ACK, as Linux does, instead of drawing a challenge ACK.
     */
    private boolean isSimultaneousOpenSynAck(TcpHeader h) {
        return state == TcpState.SYN_RECEIVED && h.has(SYN | ACK)
                && h.sequenceNumber().plus(1).equals(receiver.rcvNxt())
                && h.acknowledgmentNumber().equals(sender.iss().plus(1));
    }

    /**
     * TIME-WAIT (RFC 9293 section 3.10.7.4): the only thing that can arrive is a retransmission of the peer's FIN,
     * which is acknowledged and restarts the 2 MSL timer. Other unacceptable segments get an ACK.
     */
    private void onSegmentInTimeWait(long now, TcpHeader h, int payloadLength) {
        if (h.has(FIN)) {
            ackNow = true;
            timers.set(Timers.Kind.TIME_WAIT, now + config.timeWait().toNanos());
        } else if (payloadLength > 0 || !h.sequenceNumber().equals(receiver.rcvNxt())) {
            ackNow = true;
        }
    }

    /**
     * Whether {@code syn}, arriving in TIME-WAIT, may open a new incarnation (RFC 6191 section 2; without timestamps
     * RFC 9293 3.10.7.4, RFC 1122 4.2.2.13): a TSval newer than TS.Recent, or an equal one (or none) with SEG.SEQ
     * above RCV.NXT. The host then calls {@link #leaveTimeWait} and gives the SYN to its listener; other SYNs draw a
     * challenge ACK as before.
     */
    public boolean acceptsNewIncarnation(TcpHeader syn) {
        if (state != TcpState.TIME_WAIT || !syn.has(SYN) || syn.has(ACK) || syn.has(RST)) {
            return false;
        }
        boolean seqAbove = syn.sequenceNumber().gt(receiver.rcvNxt());
        int newer = timestamps.compareWithRecent(syn.options().timestamps());
        return newer > 0 || (newer == 0 && seqAbove);
    }

    /** Ends TIME-WAIT early because a new incarnation takes the 4-tuple (RFC 6191): CLOSED, without error. */
    public void leaveTimeWait(long now) {
        if (state == TcpState.TIME_WAIT) {
            toClosed(now, null);
        }
    }

    /**
     * Fifth check (RFC 9293 section 3.10.7.4, "fifth check the ACK field"). Without ACK the segment is dropped. In
     * SYN-RECEIVED an acceptable ACK completes the handshake, an unacceptable one draws an RST. After that, an ACK
     * outside [SND.UNA - MAX.SND.WND, SND.NXT] is refused with a challenge ACK (RFC 5961 section 5.2, blind data
     * injection). Then the {@link Sender} processes it, and an ACK of our FIN moves FIN-WAIT-1, CLOSING and LAST-ACK
     * on. Returns whether processing goes on.
     */
    private boolean processAck(long now, TcpHeader h, Accepted segment) {
        if (!h.has(ACK)) {
            return false;
        }
        SeqNum ack = h.acknowledgmentNumber();
        if (state == TcpState.SYN_RECEIVED) {
            if (!ack.equals(sender.iss().plus(1))) {
                pendingReset = header(ack, SeqNum.ZERO, RST, 0, TcpOptions.NONE);
                return false;
            }
            takeSynRttSample(now, h);
            sender.initWindow(h.window() << options.sendWindowShift(), h.sequenceNumber(), ack);
            establish(now);
        }
        if (!sender.ackInValidRange(ack)) {
            challengeAck(now); // RFC 5961 section 5.2, and RFC 9293's ACK of unsent data, bounded alike
            return false;
        }
        List<SackBlock> sackBlocks = options.sack() ? h.options().sackBlocks() : List.of();
        Sender.AckResult result = sender.onAck(now, segment.seq(), ack, h.window(), (int) segment.payload().byteSize(),
                segment.fin(), sackBlocks, timestampRtt(now, h));
        if (result.ackedBytes() > 0) {
            softError = null; // the path works again (Linux clears sk_err_soft on an ACK)
        }
        if (result.ackedBytes() > 0 && state.canSend() && !outputShutdown) {
            observer.onWritable(now, this);
        }
        if (result.finAcked()) {
            switch (state) {
                case FIN_WAIT_1 -> setState(now, TcpState.FIN_WAIT_2);
                case CLOSING -> enterTimeWait(now);
                case LAST_ACK -> toClosed(now, null);
                default -> { }
            }
        }
        return state != TcpState.CLOSED && state != TcpState.TIME_WAIT;
    }

    /** RFC 7323 section 4.1: with timestamps the RTT is now minus the TSecr echoed back, when the ACK is new. */
    private long timestampRtt(long now, TcpHeader h) {
        return timestamps.rttNanos(now, h.options().timestamps(), h.acknowledgmentNumber().gt(sender.sndUna()));
    }

    /** Karn's rule for the SYN: only a SYN sent once gives an RTT sample (RFC 6298 section 3), or timestamps do. */
    private void takeSynRttSample(long now, TcpHeader h) {
        long tsRtt = timestampRtt(now, h);
        if (tsRtt >= 0) {
            sender.rtt().onSample(tsRtt);
        } else if (synRetransmits == 0) {
            sender.rtt().onSample(now - synSentAt);
        }
        timers.cancel(Timers.Kind.RTO);
    }

    /**
     * Sixth step (RFC 9293 section 3.10.7.4, "sixth, check the URG bit"): RCV.UP advances, and per RFC 6093 the
     * urgent bytes stay inline in the stream; nothing else changes.
     */
    private void processUrg(TcpHeader h) {
        if (h.has(URG) && state.canReceive()) {
            receiver.noteUrgent(h.sequenceNumber().plus(h.urgentPointer()));
        }
    }

    /**
     * Seventh step (RFC 9293 section 3.10.7.4, "seventh, process the segment text"): in ESTABLISHED, FIN-WAIT-1 and
     * FIN-WAIT-2 the text goes to the {@link Receiver}. In-order data is acknowledged for every second full-sized
     * segment or when the delayed-ACK timer fires; out-of-order data, data that fills a hole and duplicates are
     * acknowledged at once (RFC 5681 section 4.2, RFC 9293 section 3.8.6.3). Data arriving after the application
     * closed is answered with RST, as Linux does (RFC 9293 section 3.10.4 leaves it open).
     */
    private void processText(long now, Accepted segment) {
        long length = segment.payload().byteSize();
        if (length == 0 || !state.canReceive()) {
            return;
        }
        if (closedByApplication) {
            resetAndClose(now, null);
            return;
        }
        switch (receiver.acceptText(segment.seq(), segment.payload())) {
            case IN_ORDER -> {
                observer.onReadable(now, this);
                if (receiver.ackDueForData()) {
                    ackNow = true;
                } else {
                    timers.setIfIdle(Timers.Kind.DELAYED_ACK, now + config.delayedAck().toNanos());
                }
            }
            case FILLED_HOLE -> {
                observer.onReadable(now, this);
                ackNow = true;
            }
            case OUT_OF_ORDER, DUPLICATE -> ackNow = true;
        }
    }

    /**
     * Eighth step (RFC 9293 section 3.10.7.4, "eighth, check the FIN bit"): a FIN in order advances RCV.NXT, is
     * acknowledged at once and moves ESTABLISHED to CLOSE-WAIT, FIN-WAIT-1 to CLOSING (or TIME-WAIT if our FIN is
     * acknowledged too) and FIN-WAIT-2 to TIME-WAIT. A FIN beyond a hole waits in the {@link Receiver}.
     */
    private void processFin(long now, Accepted segment) {
        if (state == TcpState.CLOSED) {
            return;
        }
        boolean inOrder = segment.fin()
                ? receiver.noteFin(segment.seq().plus((int) segment.payload().byteSize()))
                : receiver.finInOrder();
        if (!inOrder) {
            return;
        }
        ackNow = true;
        observer.onPeerClosed(now, this);
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED -> setState(now, TcpState.CLOSE_WAIT);
            case FIN_WAIT_1 -> {
                if (sender.finAcked()) {
                    enterTimeWait(now);
                } else {
                    setState(now, TcpState.CLOSING);
                }
            }
            case FIN_WAIT_2 -> enterTimeWait(now);
            default -> { }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transitions

    /** The handshake is complete: ESTABLISHED, or straight on to FIN-WAIT-1 if the application already shut output. */
    private void establish(long now) {
        synPending = false;
        setState(now, TcpState.ESTABLISHED);
        observer.onEstablished(now, this);
        restartKeepAlive(now);
        if (outputShutdown) {
            sender.queueFin();
            setState(now, TcpState.FIN_WAIT_1);
        }
    }

    /** TIME-WAIT for 2 MSL (RFC 9293 section 3.4.2); every other timer stops. */
    private void enterTimeWait(long now) {
        timers.cancelAll();
        timers.set(Timers.Kind.TIME_WAIT, now + config.timeWait().toNanos());
        setState(now, TcpState.TIME_WAIT);
    }

    /** Sends RST (RFC 9293 section 3.10.5: SEQ = SND.NXT) and closes. */
    private void resetAndClose(long now, TcpError why) {
        pendingReset = header(sender.sndNxt(), SeqNum.ZERO, RST, 0, TcpOptions.NONE);
        toClosed(now, why);
    }

    private void toClosed(long now, TcpError why) {
        error = why;
        timers.cancelAll();
        synPending = false;
        ackNow = false;
        keepAliveProbePending = false;
        setState(now, TcpState.CLOSED);
        observer.onClosed(now, this, why);
    }

    private void setState(long now, TcpState to) {
        TcpState from = state;
        if (from != to) {
            state = to;
            observer.onStateChange(now, this, from, to);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Timers

    /** The earliest timer, or {@link Long#MAX_VALUE} when none runs. */
    public long nextDeadline() {
        return timers.nextDeadline();
    }

    /** Runs every timer due at {@code now}. */
    public void onTimeout(long now) {
        lastNow = now;
        for (Timers.Kind kind = timers.pollExpired(now); kind != null && state != TcpState.CLOSED;
             kind = timers.pollExpired(now)) {
            switch (kind) {
                case RTO -> onRetransmissionTimeout(now);
                case DELAYED_ACK -> ackNow = true;
                case PERSIST -> sender.onPersistTimeout();
                case KEEPALIVE -> onKeepAliveTimeout(now);
                case TIME_WAIT -> toClosed(now, null);
            }
        }
        afterEvent(now);
    }

    /**
     * The retransmission timer (RFC 6298 section 5): in SYN-SENT and SYN-RECEIVED the SYN (or SYN-ACK) is sent again
     * with the RTO doubled, up to the configured retries; afterwards the {@link Sender} resends data. Either way the
     * connection fails with TIMED_OUT when the retries are spent (RFC 9293 section 3.8.3, R2).
     */
    private void onRetransmissionTimeout(long now) {
        if (state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED) {
            int limit = activeOpen ? config.synRetries() : config.synAckRetries();
            if (synRetransmits >= limit) {
                toClosed(now, timedOut());
                return;
            }
            synRetransmits++;
            sender.rtt().backoff();
            synPending = true;
            return;
        }
        if (!sender.hasOutstanding()) {
            return;
        }
        if (!sender.onRetransmissionTimeout(now)) {
            resetAndClose(now, timedOut());
        }
    }

    /** Why a connection that ran out of retransmissions failed: the last soft ICMP error if any, as Linux reports. */
    private TcpError timedOut() {
        return softError != null ? softError : TcpError.TIMED_OUT;
    }

    /**
     * An ICMP error (RFC 9293 section 3.9; the choices are in {@link TcpIcmpErrors}) quoting our segment with
     * sequence number {@code quotedSeq} arrived. It is believed only if that number is one we sent and the peer has
     * not acknowledged: ISS before the handshake completes, else SND.UNA..SND.NXT (RFC 5927 section 4.1; Linux's
     * check, both ends included). Returns false when it is not believed (the caller counts it), else true.
     *
     * @param nextHopMtu the MTU a "fragmentation needed" reports (RFC 1191 section 4), else ignored
     */
    public boolean onIcmpError(long now, int type, int code, SeqNum quotedSeq, int nextHopMtu) {
        lastNow = now;
        if (state == TcpState.CLOSED || state == TcpState.LISTEN || state == TcpState.TIME_WAIT) {
            return true;
        }
        SeqNum lowest = state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED ? sender.iss() : sender.sndUna();
        if (quotedSeq.lt(lowest) || quotedSeq.gt(sender.sndNxt())) {
            return false;
        }
        if (TcpIcmpErrors.isFragmentationNeeded(type, code)) {
            if (options != null) {
                sender.lowerMss(TcpIcmpErrors.dataMssForPathMtu(options, nextHopMtu));
            }
        } else if (TcpIcmpErrors.errorFor(type, code) instanceof TcpError error) {
            if (state == TcpState.SYN_SENT || (state == TcpState.SYN_RECEIVED && activeOpen)
                    || TcpIcmpErrors.isHard(type, code)) {
                toClosed(now, error);
            } else {
                softError = error;
            }
        }
        afterEvent(now);
        return true;
    }

    /**
     * Keepalive (RFC 9293 section 3.8.4, RFC 1122 4.2.3.6): after the idle time with nothing outstanding, probe with
     * SEG.SEQ = SND.NXT - 1 and no data, which the peer must acknowledge; give up after the configured count.
     */
    private void onKeepAliveTimeout(long now) {
        if (sender.hasOutstanding()) {
            restartKeepAlive(now);
            return;
        }
        if (keepAliveProbes >= config.keepAliveCount()) {
            resetAndClose(now, TcpError.KEEPALIVE_TIMED_OUT);
            return;
        }
        keepAliveProbes++;
        keepAliveProbePending = true;
        timers.set(Timers.Kind.KEEPALIVE, now + config.keepAliveInterval().toNanos());
    }

    private void restartKeepAlive(long now) {
        keepAliveProbes = 0;
        if (config.keepAlive() && (state == TcpState.ESTABLISHED || state == TcpState.CLOSE_WAIT)) {
            timers.set(Timers.Kind.KEEPALIVE, now + config.keepAliveIdle().toNanos());
        }
    }

    /** After every event: the persist timer, and congestion-state reports to the observer. */
    private void afterEvent(long now) {
        if (isSendingState()) {
            sender.armPersistIfStalled(now);
        }
        reportCongestion(now);
    }

    private void reportCongestion(long now) {
        if (sender.cc() == null) {
            return;
        }
        long cwnd = cwnd();
        long ssthresh = ssthresh();
        long srtt = srttNanos();
        long rto = rtoNanos();
        if (cwnd != reportedCwnd || ssthresh != reportedSsthresh || srtt != reportedSrtt || rto != reportedRto) {
            reportedCwnd = cwnd;
            reportedSsthresh = ssthresh;
            reportedSrtt = srtt;
            reportedRto = rto;
            observer.onCongestionUpdate(now, this, cwnd, ssthresh, srtt, rto);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Transmission

    /**
     * The device this connection sends through cuts TCP segments of up to {@code maxBytes} of data into MSS-sized
     * ones (TCP segmentation offload): new data may leave in segments that large (see Sender). 0 turns it off.
     */
    public void setSegmentationOffload(int maxBytes) {
        sender.setSegmentationOffload(maxBytes);
    }

    /** Whether {@link #pollTransmit} would return a segment now: a cheap check for drivers. */
    public boolean wantsToTransmit() {
        return pendingReset != null
                || (state != TcpState.CLOSED && (synPending || ackNow || keepAliveProbePending))
                || (isSendingState() && sender.plan() != null);
    }

    /** The next segment to send now, or null. Each call takes one segment; call until null. */
    public OutSegment pollTransmit(long now) {
        SegmentToSend next = pollSegment(now);
        if (next == null) {
            return null;
        }
        byte[] payload = new byte[next.payloadLength()];
        copyPayload(next, MemorySegment.ofArray(payload), 0);
        return new OutSegment(next.header(), payload);
    }

    /**
     * {@link #pollTransmit} without the payload array: the payload stays in the send buffer until
     * {@link #copyPayload} writes it where the caller builds the segment. Copy it before giving the connection
     * anything else (an ACK frees acknowledged bytes).
     */
    public SegmentToSend pollSegment(long now) {
        lastNow = now;
        if (pendingReset != null) {
            SegmentToSend reset = new SegmentToSend(pendingReset, 0);
            pendingReset = null;
            return reset;
        }
        if (state == TcpState.CLOSED) {
            return null;
        }
        if (synPending) {
            return synSegment(now);
        }
        Sender.Plan plan = isSendingState() ? sender.plan() : null;
        if (plan != null) {
            return dataSegment(now, plan);
        }
        if (keepAliveProbePending) {
            keepAliveProbePending = false;
            return controlSegment(now, sender.sndNxt().plus(-1));
        }
        if (ackNow && receiver != null) {
            return controlSegment(now, sender.sndNxt());
        }
        if (isSendingState()) {
            sender.armPersistIfStalled(now);
        }
        return null;
    }

    /** Writes the payload of {@code segment}, the last one {@link #pollSegment} returned, at {@code offset} of dst. */
    public void copyPayload(SegmentToSend segment, MemorySegment dst, long offset) {
        if (segment.payloadLength() > 0) {
            sender.copyTo(segment.header().sequenceNumber(), segment.payloadLength(), dst, offset);
        }
    }

    private boolean isSendingState() {
        return switch (state) {
            case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK -> true;
            default -> false;
        };
    }

    /** Our SYN (SYN-SENT) or SYN-ACK (SYN-RECEIVED), with the options we offer (RFC 9293 3.7.1, RFC 7323, 2018). */
    private SegmentToSend synSegment(long now) {
        synPending = false;
        boolean synAck = state == TcpState.SYN_RECEIVED;
        TcpOptions.Timestamps ts = timestamps.forSyn(now, synAck);
        TcpOptions synOptions = NegotiatedOptions.synOptions(config, synAck ? peerSynOptions : null, ts);
        SeqNum ack = synAck ? receiver.rcvNxt() : SeqNum.ZERO;
        int window = Math.min(config.receiveBufferBytes(), 0xffff);
        if (synRetransmits == 0) {
            synSentAt = now;
        } else {
            observer.onRetransmit(now, this, sender.iss(), 0, false);
        }
        timers.setIfIdle(Timers.Kind.RTO, now + sender.rtt().rtoNanos());
        if (synAck) {
            noteAckSent();
        }
        return new SegmentToSend(header(sender.iss(), ack, synAck ? SYN | ACK : SYN, window, synOptions), 0);
    }

    /** A segment carrying what the {@link Sender} planned: data, FIN, a retransmission or a window probe. */
    private SegmentToSend dataSegment(long now, Sender.Plan planned) {
        TcpOptions segmentOptions = segmentOptions(now, true);
        Sender.Plan plan = segmentOptions.sackBlocks().isEmpty() ? planned
                : fitBesideSackBlocks(planned, segmentOptions);
        int flags = ACK | (plan.fin() ? FIN : 0) | (plan.length() > 0 ? PSH : 0);
        TcpHeader h = header(plan.seq(), receiver.rcvNxt(), flags, receiver.windowField(), segmentOptions);
        sender.onSent(now, plan);
        if (plan.isRetransmission()) {
            observer.onRetransmit(now, this, plan.seq(), plan.length(), plan.kind() == Sender.Plan.Kind.FAST_RETRANSMIT);
        }
        noteAckSent();
        return new SegmentToSend(h, plan.length());
    }

    /**
     * SACK blocks take option space from the payload (RFC 2018 section 4): a data segment shrinks so that its options
     * and data still fit the MSS, as Linux's tcp_current_mss counts the blocks. A FIN waits for the shortened tail.
     */
    private Sender.Plan fitBesideSackBlocks(Sender.Plan plan, TcpOptions segmentOptions) {
        int room = sender.mss() + (options.timestamps() ? NegotiatedOptions.TIMESTAMPS_LENGTH : 0)
                - segmentOptions.length();
        return plan.length() <= room ? plan : new Sender.Plan(plan.seq(), room, false, plan.kind());
    }

    /** A segment without data: a plain ACK, a window update, a challenge ACK or a keepalive probe. */
    private SegmentToSend controlSegment(long now, SeqNum seq) {
        TcpHeader h = header(seq, receiver.rcvNxt(), ACK, receiver.windowField(), segmentOptions(now, false));
        noteAckSent();
        return new SegmentToSend(h, 0);
    }

    private void noteAckSent() {
        ackNow = false;
        timers.cancel(Timers.Kind.DELAYED_ACK);
        lastAckSent = receiver.rcvNxt();
    }

    /**
     * Timestamps on every segment once negotiated (RFC 7323 3.2). SACK blocks on every segment that carries an ACK
     * while out-of-order data is held, data segments included (RFC 2018 section 4: "...SHOULD be included in all
     * ACKs which do not ACK the highest sequence number in the data receiver's queue"); the option space of 40 bytes
     * holds 3 blocks beside timestamps, 4 without. {@code forData}: a data segment may share its timestamp record.
     */
    private TcpOptions segmentOptions(long now, boolean forData) {
        TcpOptions result = timestamps.forSegment(now, forData);
        if (options.sack()) {
            List<SackBlock> blocks = receiver.sackBlocks(options.timestamps() ? 3 : TcpOptions.MAX_SACK_BLOCKS);
            if (!blocks.isEmpty()) { // no second options record on every in-order segment
                result = result.withSackBlocks(blocks);
            }
        }
        return result;
    }

    private TcpHeader header(SeqNum seq, SeqNum ack, int flags, int window, TcpOptions headerOptions) {
        return new TcpHeader(tuple.local().port(), tuple.remote().port(), seq, ack, flags, window, 0, headerOptions);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Application side: these only change state; segments leave on the next pollTransmit.

    /** Queues bytes to send; returns how many fitted in the send buffer (RFC 9293 section 3.10.2, SEND). */
    public int write(byte[] data, int offset, int length) {
        if (outputShutdown || !state.canSend()) {
            throw new IllegalStateException("cannot write: " + (error != null ? error.message()
                    : outputShutdown ? "output was shut down" : "connection is " + state));
        }
        return sender.write(data, offset, length);
    }

    /** Reads in-order bytes: the count, 0 if none yet, -1 at end of stream (RFC 9293 section 3.10.3, RECEIVE). */
    public int read(byte[] into, int offset, int length) {
        if (receiver == null) {
            return state == TcpState.CLOSED ? -1 : 0;
        }
        int n = receiver.read(into, offset, length);
        if (n == 0 && (receiver.finReceived() || state == TcpState.CLOSED) && length > 0) {
            return -1;
        }
        if (n > 0 && state.canReceive() && receiver.windowUpdateWorthSending()) {
            ackNow = true; // window update (RFC 9293 section 3.8.6.2.2)
        }
        return n;
    }

    public int readableBytes() {
        return receiver == null ? 0 : receiver.readable();
    }

    public int writableBytes() {
        return outputShutdown || !state.canSend() ? 0 : sender.writableBytes();
    }

    /** Half-close (RFC 9293 section 3.10.4, CLOSE while the peer may go on sending): a FIN after the queued data. */
    public void shutdownOutput() {
        if (outputShutdown) {
            return;
        }
        outputShutdown = true;
        switch (state) {
            case ESTABLISHED -> {
                sender.queueFin();
                setState(lastNow, TcpState.FIN_WAIT_1);
            }
            case CLOSE_WAIT -> {
                sender.queueFin();
                setState(lastNow, TcpState.LAST_ACK);
            }
            default -> { } // SYN-SENT, SYN-RECEIVED: the FIN follows the handshake (establish)
        }
    }

    /**
     * Full close (RFC 9293 section 3.10.4): in SYN-SENT the connection just goes away; if unread data remains, RST
     * instead of FIN (RFC 2525 section 2.17, as Linux); otherwise a half-close after which arriving data draws RST.
     */
    public void close() {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (state == TcpState.SYN_SENT) {
            toClosed(lastNow, null);
        } else if (readableBytes() > 0) {
            resetAndClose(lastNow, null);
        } else {
            closedByApplication = true;
            shutdownOutput();
        }
    }

    /** Abort (RFC 9293 section 3.10.5): RST unless in SYN-SENT, then CLOSED with {@link TcpError#ABORTED}. */
    public void abort() {
        if (state == TcpState.CLOSED) {
            return;
        }
        if (state == TcpState.SYN_SENT || state == TcpState.TIME_WAIT) {
            toClosed(lastNow, TcpError.ABORTED);
        } else {
            resetAndClose(lastNow, TcpError.ABORTED);
        }
    }

    public void setNoDelay(boolean noDelay) {
        sender.setNoDelay(noDelay);
    }

    /** Shares the host's bound on challenge ACKs (RFC 5961 section 7) with this connection. */
    public void shareChallengeAckLimit(ChallengeAckLimit limit) {
        challengeAcks.share(limit);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Inspection

    public TcpState state() {
        return state;
    }

    public FourTuple tuple() {
        return tuple;
    }

    /** Why the connection closed, or null while open or after an orderly close. */
    public TcpError error() {
        return error;
    }

    /** CLOSED with nothing left to send: the host may forget this connection. */
    public boolean isTerminated() {
        return state == TcpState.CLOSED && pendingReset == null;
    }

    /** The options settled by the handshake, or null before the peer's SYN. */
    public NegotiatedOptions negotiatedOptions() {
        return options;
    }

    public long cwnd() {
        return sender.cc() == null ? 0 : sender.cc().window();
    }

    public long ssthresh() {
        return sender.cc() == null ? Long.MAX_VALUE : sender.cc().ssthresh();
    }

    public long srttNanos() {
        return sender.rtt().srttNanos();
    }

    public long rtoNanos() {
        return sender.rtt().rtoNanos();
    }

    public SeqNum sndUna() {
        return sender.sndUna();
    }

    /** Challenge ACKs not sent because of the rate limit (RFC 5961 section 7). */
    public long challengeAcksSuppressed() {
        return challengeAcks.suppressed();
    }

    public SeqNum sndNxt() {
        return sender.sndNxt();
    }

    /** RCV.NXT, or null before the peer's SYN. */
    public SeqNum rcvNxt() {
        return receiver == null ? null : receiver.rcvNxt();
    }

    /** The receive urgent pointer RCV.UP (RFC 6093: urgent data is delivered inline), or null if none was signalled. */
    public SeqNum urgentPointer() {
        return receiver == null ? null : receiver.urgentPointer();
    }

    @Override
    public String toString() {
        return "TcpConnection[" + tuple + " " + state + (error != null ? " " + error : "") + "]";
    }
}
