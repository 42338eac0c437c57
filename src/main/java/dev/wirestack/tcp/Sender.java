package dev.wirestack.tcp;

import dev.wirestack.tcp.cc.CongestionControl;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpOptions.SackBlock;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The send side of a connection (gVisor's {@code sender}): SND.UNA, SND.NXT and SND.WND over a {@link SendBuffer};
 * segmentation at the effective MSS with Nagle's algorithm and sender-side SWS avoidance; the retransmission timer
 * with an {@link RttEstimator}; the persist timer; fast retransmit with NewReno (RFC 6582) or SACK-based (RFC 6675)
 * recovery; and congestion control through {@link CongestionControl}.
 *
 * <p>Sequence space: our SYN is ISS, data starts at ISS + 1 (the send buffer's origin), and our FIN follows the last
 * byte the application wrote. The sender decides <em>what</em> to send ({@link #plan()}); the connection builds the
 * segment and reports it back with {@link #onSent}.
 */
final class Sender {

    /** One transmission the sender wants: {@code length} data bytes from {@code seq}, maybe with FIN. */
    record Plan(SeqNum seq, int length, boolean fin, Kind kind) {
        enum Kind { NEW_DATA, FAST_RETRANSMIT, TIMEOUT_RETRANSMIT, WINDOW_PROBE }

        boolean isRetransmission() {
            return kind == Kind.FAST_RETRANSMIT || kind == Kind.TIMEOUT_RETRANSMIT;
        }
    }

    private static final int DUPLICATE_ACK_THRESHOLD = 3;

    private final SeqNum iss;
    private final SendBuffer buffer;
    private final RttEstimator rtt;
    private final Timers timers;
    private final TcpConfig config;
    private CongestionControl cc;
    private int mss;
    private int sendWindowShift;
    private boolean sack;
    private boolean noDelay;
    /** With segmentation offload (TSO): the most new data one segment may carry, which the device cuts; 0 without. */
    private int offloadBytes;
    /** Whether our segments are as large as the peer allows: the device cuts at our MTU, so TSO needs no less. */
    private boolean fullSized;

    /** SND.WND in bytes, already scaled. */
    private long sndWnd;
    /** The largest window the peer ever offered: MAX.SND.WND of RFC 5961 section 5.2 and the SWS rule. */
    private long maxSndWnd;
    private SeqNum sndWl1;
    private SeqNum sndWl2;

    private boolean finQueued;
    private boolean finSent;
    private boolean finAcked;

    private int duplicateAcks;
    /** RFC 6582 "recover": SND.NXT when the last recovery started. */
    private SeqNum recover;
    private boolean fastRetransmitPending;
    /** After an RTO: everything in [timeoutNext, timeoutEnd) is resent in order (go-back-N, as Linux's loss state). */
    private SeqNum timeoutNext;
    private SeqNum timeoutEnd;
    private boolean timeoutFinPending;
    private boolean windowProbePending;
    /** Consecutive retransmission timeouts without progress (RFC 9293 section 3.8.3, R2). */
    private int timeouts;
    private int persistBackoff;

    Sender(SeqNum iss, TcpConfig config, Timers timers, boolean noDelay) {
        this.iss = iss;
        this.config = config;
        this.timers = timers;
        this.noDelay = noDelay;
        this.buffer = new SendBuffer(iss.plus(1), config.sendBufferBytes());
        this.rtt = new RttEstimator(new RttEstimator.Config(1_000_000L, config.minRto().toNanos(),
                config.maxRto().toNanos(), config.initialRto().toNanos()));
        this.recover = iss;
        this.sndWl1 = SeqNum.ZERO;
        this.sndWl2 = iss;
        this.mss = NegotiatedOptions.DEFAULT_MSS;
    }

    /** The handshake settled the options: start congestion control at the effective MSS (RFC 5681 3.1, SMSS). */
    void setOptions(long now, NegotiatedOptions options) {
        this.mss = options.dataMss();
        this.sendWindowShift = options.sendWindowShift();
        this.sack = options.sack();
        this.fullSized = options.sendMss() >= options.receiveMss();
        this.cc = config.congestionControl().create(now, mss);
    }

    /**
     * The device under this connection cuts TCP segments of up to {@code maxBytes} of data into segments of the MSS
     * our MTU gives (TCP segmentation offload, as Linux's sk_gso_max_size): new data may then leave in segments of up
     * to that many bytes, whole multiples of the MSS, so the device's cut gives what a segment per MSS would have
     * (Linux's tcp_tso_autosize and tcp_mss_split_point). Retransmissions, probes and congestion control stay in MSS
     * units. It applies only while the peer takes segments of our MSS. 0 turns it off.
     */
    void setSegmentationOffload(int maxBytes) {
        this.offloadBytes = Math.max(0, maxBytes);
    }

    /** The most new data one segment carries: the MSS, or with segmentation offload the most whole MSSs it allows. */
    private int largestNewSegment() {
        return fullSized && offloadBytes > mss ? offloadBytes / mss * mss : mss;
    }

    /** The window of the peer's SYN, never scaled (RFC 7323 section 2.2), sets SND.WND, WL1 and WL2. */
    void initWindow(int synWindow, SeqNum wl1, SeqNum wl2) {
        sndWnd = synWindow;
        maxSndWnd = synWindow;
        sndWl1 = wl1;
        sndWl2 = wl2;
    }

    void setNoDelay(boolean noDelay) {
        this.noDelay = noDelay;
    }

    SeqNum iss() {
        return iss;
    }

    /** SND.UNA over the whole sequence space: ISS until the SYN is acknowledged, past the FIN once it is. */
    SeqNum sndUna() {
        return finAcked ? buffer.end().plus(1) : buffer.sndUna();
    }

    /** SND.NXT, the FIN included once sent. */
    SeqNum sndNxt() {
        return finSent ? buffer.end().plus(1) : buffer.sndNxt();
    }

    /** The effective MSS: the most data one segment carries beside the fixed options. */
    int mss() {
        return mss;
    }

    long sndWnd() {
        return sndWnd;
    }

    long maxSndWnd() {
        return maxSndWnd;
    }

    int write(byte[] data, int offset, int length) {
        return buffer.append(MemorySegment.ofArray(data).asSlice(offset, length));
    }

    int writableBytes() {
        return buffer.freeSpace();
    }

    void copyTo(SeqNum seq, int length, MemorySegment into, long offset) {
        buffer.copyTo(seq, length, into, offset);
    }

    /** The application shut its output: a FIN follows the last byte written (RFC 9293 section 3.10.4). */
    void queueFin() {
        finQueued = true;
    }

    boolean finAcked() {
        return finAcked;
    }

    boolean finSent() {
        return finSent;
    }

    /** Whether anything sent (data or FIN) is unacknowledged. */
    boolean hasOutstanding() {
        return sndNxt().gt(sndUna());
    }

    RttEstimator rtt() {
        return rtt;
    }

    CongestionControl cc() {
        return cc;
    }

    int timeouts() {
        return timeouts;
    }

    /** An ACK is acceptable when SND.UNA < SEG.ACK <= SND.NXT (RFC 9293 section 3.10.7.4, fifth). */
    boolean acknowledgesNew(SeqNum ack) {
        return ack.gt(sndUna()) && ack.le(sndNxt());
    }

    /** RFC 5961 section 5.2: SEG.ACK is valid only in [SND.UNA - MAX.SND.WND, SND.NXT]. */
    boolean ackInValidRange(SeqNum ack) {
        int window = (int) Math.min(maxSndWnd, Integer.MAX_VALUE);
        return ack.ge(sndUna().plus(-window)) && ack.le(sndNxt());
    }

    /** What {@link #onAck} learnt. */
    record AckResult(long ackedBytes, boolean finAcked, boolean windowChanged) {
    }

    /**
     * Processes an acceptable ACK (RFC 9293 section 3.10.7.4, fifth, ESTABLISHED): frees acknowledged data, takes an
     * RTT sample (timestamps, else Karn's rule), feeds congestion control, counts duplicate ACKs for fast
     * retransmit, marks SACK blocks, and updates SND.WND when the segment is newer (SND.WL1/WL2).
     *
     * @param tsEchoNanos the RTT measured from the timestamps option's TSecr, or -1 without one
     */
    AckResult onAck(long now, SeqNum seq, SeqNum ack, int windowField, int payloadLength, boolean fin,
                    List<SackBlock> sackBlocks, long tsEchoNanos) {
        // Indexed: this runs for every ACK, nearly always over the empty list, and an iterator each time is garbage.
        for (int i = 0; i < sackBlocks.size(); i++) {
            SackBlock block = sackBlocks.get(i);
            if (block.left().gt(sndUna()) && block.right().le(buffer.sndNxt())) {
                buffer.markSacked(block.left(), block.right());
            }
        }
        long window = (long) windowField << sendWindowShift;
        boolean duplicate = ack.equals(sndUna()) && payloadLength == 0 && !fin && window == sndWnd
                && hasOutstanding();
        long acked = 0;
        boolean newlyFinAcked = false;
        if (ack.gt(sndUna())) {
            newlyFinAcked = finSent && !finAcked && ack.equals(buffer.end().plus(1));
            SendBuffer.Acked freed = buffer.acknowledge(now, ack);
            finAcked |= newlyFinAcked;
            acked = freed.bytes();
            takeRttSample(tsEchoNanos >= 0 ? tsEchoNanos : freed.rttSampleNanos());
            onNewDataAcked(now, ack, acked);
        } else if (duplicate) {
            onDuplicateAck(now);
        }
        boolean windowChanged = updateWindow(seq, ack, window);
        return new AckResult(acked, newlyFinAcked, windowChanged);
    }

    private void takeRttSample(long sampleNanos) {
        if (sampleNanos >= 0) {
            rtt.onSample(sampleNanos);
        }
    }

    /** RFC 6298 5.2/5.3 for the timer, RFC 6582 3.2 steps 5 and 6 for partial and full ACKs in recovery. */
    private void onNewDataAcked(long now, SeqNum ack, long acked) {
        timeouts = 0;
        duplicateAcks = 0;
        persistBackoff = 0;
        if (cc.inRecovery()) {
            if (ack.ge(recover)) {
                cc.onRecoveryExit(now, inFlight());
                buffer.resetRetransmitMark();
            } else {
                cc.onAck(now, acked, rtt.srttNanos(), inFlight());
                // RFC 6582 step 5: a partial ACK means the next hole is lost too; resend its first segment.
                fastRetransmitPending = !sack;
            }
        } else {
            cc.onAck(now, acked, rtt.hasSample() ? rtt.srttNanos() : -1, inFlight());
        }
        if (timeoutNext != null && timeoutNext.lt(buffer.sndUna())) {
            timeoutNext = buffer.sndUna();
        }
        endTimeoutRecoveryIfDone();
        if (hasOutstanding()) {
            timers.set(Timers.Kind.RTO, now + rtt.rtoNanos());
        } else {
            timers.cancel(Timers.Kind.RTO);
        }
    }

    /** RFC 5681 section 3.2 and RFC 6582 section 3.2 step 2; with SACK, RFC 6675 section 5's IsLost test too. */
    private void onDuplicateAck(long now) {
        duplicateAcks++;
        if (cc.inRecovery()) {
            if (!sack) {
                cc.onDuplicateAcksInRecovery(1);
            }
            return;
        }
        boolean lost = duplicateAcks >= DUPLICATE_ACK_THRESHOLD
                || (sack && buffer.isLost(buffer.sndUna(), mss));
        // RFC 6582 section 4.1: only an ACK beyond "recover" may start a new recovery.
        if (lost && sndUna().plus(-1).ge(recover) && timeoutNext == null) {
            recover = sndNxt();
            cc.onCongestionEvent(now, CongestionControl.Cause.DUPACK, inFlight());
            if (!sack) {
                cc.onDuplicateAcksInRecovery(DUPLICATE_ACK_THRESHOLD);
            }
            fastRetransmitPending = true;
        }
    }

    /** RFC 9293 section 3.10.7.4: SND.WND changes only on a segment newer than the last that set it. */
    private boolean updateWindow(SeqNum seq, SeqNum ack, long window) {
        if (sndWl1.lt(seq) || (sndWl1.equals(seq) && sndWl2.le(ack))) {
            boolean changed = window != sndWnd;
            sndWnd = window;
            maxSndWnd = Math.max(maxSndWnd, window);
            sndWl1 = seq;
            sndWl2 = ack;
            if (window > 0) {
                // An open window ends the probing and its backoff (as Linux's tcp_ack_probe).
                timers.cancel(Timers.Kind.PERSIST);
                windowProbePending = false;
                persistBackoff = 0;
            }
            return changed;
        }
        return false;
    }

    /** Bytes in flight: RFC 6675 "pipe" during SACK recovery, else SND.NXT - SND.UNA. */
    long inFlight() {
        if (sack && cc != null && cc.inRecovery()) {
            return buffer.pipe(mss);
        }
        if (timeoutNext != null) {
            return timeoutNext.minus(buffer.sndUna());
        }
        return buffer.inFlight();
    }

    /**
     * What to send next, without changing anything: a fast retransmission, the next RTO retransmission, an RFC 6675
     * NextSeg() retransmission, new data that Nagle, SWS avoidance, the peer's window and cwnd allow, a FIN, or a
     * zero-window probe. Null when nothing may go now.
     */
    Plan plan() {
        if (cc == null) {
            return null;
        }
        if (fastRetransmitPending) {
            return firstUnacknowledged(Plan.Kind.FAST_RETRANSMIT);
        }
        long window = cc.window();
        if (timeoutNext != null) {
            SendBuffer.Range next = buffer.nextUnsacked(timeoutNext, timeoutEnd, mss);
            boolean fin = timeoutFinPending && next.seq().plus(next.length()).equals(buffer.end());
            if (next.length() > 0 || fin) {
                return inFlight() + next.length() <= window || inFlight() == 0
                        ? new Plan(next.seq(), next.length(), fin, Plan.Kind.TIMEOUT_RETRANSMIT) : null;
            }
            // The rest of the loss window was SACKed meanwhile: nothing of it is resent.
        }
        if (sack && cc.inRecovery() && window - inFlight() >= mss) {
            SendBuffer.Range lost = buffer.nextSegmentToRetransmit(mss);
            if (lost != null) {
                return new Plan(lost.seq(), lost.length(), false, Plan.Kind.FAST_RETRANSMIT);
            }
        }
        Plan data = newData(window, false);
        if (data != null) {
            return data;
        }
        if (windowProbePending && buffer.unsent() > 0) {
            // RFC 9293 section 3.8.6.2.1: when the override timeout (the persist timer) fires with a window that is
            // open but too small for SWS avoidance, send what fits, as Linux's tcp_write_wakeup does.
            Plan override = newData(window, true);
            if (override != null) {
                return override;
            }
            // Linux's probe (tcp_xmit_probe_skb): SEG.SEQ = SND.UNA - 1 and no data. It is unacceptable, so the peer
            // must answer with an ACK carrying its window; and no byte is put in flight beyond a closed window.
            return new Plan(sndUna().plus(-1), 0, false, Plan.Kind.WINDOW_PROBE);
        }
        return null;
    }

    /** The first unacknowledged segment: data from SND.UNA, or the FIN alone (RFC 6298 5.4, RFC 5681 3.2). */
    private Plan firstUnacknowledged(Plan.Kind kind) {
        int length = (int) Math.min(mss, buffer.inFlight());
        boolean fin = finSent && !finAcked && buffer.sndUna().plus(length).equals(buffer.end());
        return length == 0 && !fin ? null : new Plan(buffer.sndUna(), length, fin, kind);
    }

    /**
     * New data under Nagle (RFC 9293 section 3.7.4) and sender-side SWS avoidance (section 3.8.6.2.1): send a full
     * segment; or everything queued when nothing is unacknowledged (or Nagle is off, or the output was shut down:
     * no later write can fill the tail, so holding it only delays the FIN, and Linux's tcp_send_fin pushes it with
     * TCP_NAGLE_OFF); or at least half the largest window the peer offered; or, on the {@code override} timeout,
     * whatever fits. A FIN rides on the segment that empties the buffer.
     */
    private Plan newData(long cwnd, boolean override) {
        long queued = buffer.unsent();
        boolean finDue = finQueued && !finSent;
        if (queued == 0) {
            return finDue ? new Plan(buffer.sndNxt(), 0, true, Plan.Kind.NEW_DATA) : null;
        }
        long peerRoom = sndUna().plus((int) Math.min(sndWnd, Integer.MAX_VALUE)).minus(buffer.sndNxt());
        long room = Math.min(peerRoom, cwnd - inFlight());
        int length = (int) Math.max(0, Math.min(Math.min(queued, largestNewSegment()), room));
        if (length == 0) {
            return null;
        }
        boolean idle = buffer.inFlight() == 0;
        boolean wholeTail = length == queued && (idle || noDelay || finDue);
        if (length > mss && !wholeTail && !override) {
            length -= length % mss; // an offloaded segment of whole MSSs: its short tail waits as Nagle would have it
        }
        boolean sendable = override || length >= mss || wholeTail
                || (length >= maxSndWnd / 2 && maxSndWnd > 0 && (idle || noDelay));
        if (!sendable) {
            return null;
        }
        boolean fin = finDue && length == queued;
        return new Plan(buffer.sndNxt(), length, fin, Plan.Kind.NEW_DATA);
    }

    /**
     * Records that {@code plan} went out at {@code now}: SND.NXT moves for new data, the RTO starts if it was idle
     * (RFC 6298 5.1), and retransmission marks advance.
     */
    void onSent(long now, Plan plan) {
        if (plan.length() > 0) {
            buffer.onSent(now, plan.seq(), plan.length());
        }
        if (plan.fin()) {
            finSent = true;
        }
        switch (plan.kind()) {
            case FAST_RETRANSMIT -> fastRetransmitPending = false;
            case TIMEOUT_RETRANSMIT -> {
                timeoutNext = plan.seq().plus(plan.length());
                timeoutFinPending &= !plan.fin();
                endTimeoutRecoveryIfDone();
            }
            case NEW_DATA, WINDOW_PROBE -> windowProbePending = false;
        }
        if (plan.kind() != Plan.Kind.WINDOW_PROBE) {
            timers.cancel(Timers.Kind.PERSIST);
            timers.setIfIdle(Timers.Kind.RTO, now + rtt.rtoNanos());
        }
    }

    /**
     * After deciding nothing can be sent: if data waits and no retransmission timer runs (nothing in flight but
     * window probes), the window is closed or too small for SWS avoidance: start the persist timer (RFC 9293 section 3.8.6.1, RFC 1122 4.2.2.17).
     */
    void armPersistIfStalled(long now) {
        if (buffer.unsent() > 0 && !timers.isSet(Timers.Kind.RTO) && !timers.isSet(Timers.Kind.PERSIST)
                && !windowProbePending && plan() == null) {
            long interval = rtt.rtoNanos() << Math.min(persistBackoff, 16);
            timers.set(Timers.Kind.PERSIST, now + Math.min(interval, config.maxRto().toNanos()));
        }
    }

    /**
     * Timeout recovery ends once every byte (and the FIN) outstanding at the timeout was resent, acked or SACKed:
     * SACKed data is skipped, not resent.
     */
    private void endTimeoutRecoveryIfDone() {
        if (timeoutNext != null && sack) {
            timeoutNext = buffer.nextUnsacked(timeoutNext, timeoutEnd, mss).seq();
        }
        if (timeoutNext != null && !timeoutNext.lt(timeoutEnd) && (!timeoutFinPending || finAcked)) {
            timeoutNext = null;
            timeoutFinPending = false;
        }
    }

    /** The persist timer fired: probe the window (RFC 9293 section 3.8.6.1), then back off. */
    void onPersistTimeout() {
        windowProbePending = true;
        persistBackoff++;
    }

    /**
     * The retransmission timer fired (RFC 6298 section 5.4-5.7): back off the RTO, enter the loss window, and resend
     * from SND.UNA. Returns false when the retry limit is spent and the connection must fail.
     *
     * <p>What the peer SACKed is not resent. RFC 2018 section 8 asks a sender to forget SACK information at a
     * timeout, in case the receiver reneged; RFC 6675 section 5.1 (and its erratum 1610) allows keeping it given a
     * test for reneging, and Linux keeps it (tcp_enter_loss clears the marks only when tcp_check_sack_reneging saw
     * one). So here: the marks are kept, unless the segment at SND.UNA is itself marked SACKed, which means the
     * receiver acknowledged up to data it said it held and then dropped it; then every mark is forgotten.
     */
    boolean onRetransmissionTimeout(long now) {
        if (timeouts >= config.dataRetries()) {
            return false;
        }
        timeouts++;
        rtt.backoff();
        cc.onCongestionEvent(now, CongestionControl.Cause.RTO, buffer.inFlight());
        buffer.resetRetransmitMark();
        if (buffer.headSacked()) {
            buffer.clearSackMarks();
        }
        recover = sndNxt();
        duplicateAcks = 0;
        fastRetransmitPending = false;
        resendFromSndUna();
        timers.set(Timers.Kind.RTO, now + rtt.rtoNanos());
        return true;
    }

    /** Everything outstanding is to be resent in order from SND.UNA, SACKed data excepted. */
    private void resendFromSndUna() {
        timeoutNext = buffer.sndUna();
        timeoutEnd = buffer.sndNxt();
        timeoutFinPending = finSent && !finAcked;
        endTimeoutRecoveryIfDone();
    }

    /**
     * Path MTU discovery lowered the MSS to {@code newMss} data bytes (RFC 1191 section 6.3, RFC 9293 section
     * 3.7.3): what is in flight was dropped for its size, not for congestion, so it is resent at once at the new size
     * from SND.UNA, with no congestion response (Linux's tcp_simple_retransmit). Returns false if the MSS did not
     * shrink.
     */
    boolean lowerMss(int newMss) {
        if (newMss >= mss) {
            return false;
        }
        mss = newMss;
        fullSized = false; // the device would cut at the MTU it had: no offloaded segments from now on
        if (hasOutstanding() && timeoutNext == null) {
            buffer.resetRetransmitMark();
            resendFromSndUna();
        }
        return true;
    }
}
