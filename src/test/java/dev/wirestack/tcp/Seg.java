package dev.wirestack.tcp;

import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import dev.wirestack.wire.TcpOptions.SackBlock;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A segment template for {@link TcpScript}: one line per segment, without ports (the script fills them in for the
 * direction). Flags are set by the methods named after them; {@link #ack(SeqNum)} sets the ACK bit with the number.
 */
final class Seg {
    private SeqNum seq = SeqNum.ZERO;
    private SeqNum ack = SeqNum.ZERO;
    private int flags;
    private int window = TcpScript.WINDOW;
    private int urgentPointer;
    private TcpOptions options = TcpOptions.NONE;
    private byte[] payload = new byte[0];

    static Seg seg() {
        return new Seg();
    }

    /** The segment {@code header} describes (its ports are replaced by the script's), carrying {@code payload}. */
    static Seg of(TcpHeader header, byte[] payload) {
        Seg seg = new Seg();
        seg.seq = header.sequenceNumber();
        seg.ack = header.acknowledgmentNumber();
        seg.flags = header.flags();
        seg.window = header.window();
        seg.urgentPointer = header.urgentPointer();
        seg.options = header.options();
        seg.payload = payload;
        return seg;
    }

    Seg seq(SeqNum value) {
        seq = value;
        return this;
    }

    Seg ack(SeqNum value) {
        ack = value;
        flags |= TcpHeader.ACK;
        return this;
    }

    Seg syn() {
        flags |= TcpHeader.SYN;
        return this;
    }

    Seg fin() {
        flags |= TcpHeader.FIN;
        return this;
    }

    Seg rst() {
        flags |= TcpHeader.RST;
        return this;
    }

    Seg psh() {
        flags |= TcpHeader.PSH;
        return this;
    }

    Seg urg(int pointer) {
        flags |= TcpHeader.URG;
        urgentPointer = pointer;
        return this;
    }

    Seg win(int value) {
        window = value;
        return this;
    }

    Seg options(TcpOptions value) {
        options = value;
        return this;
    }

    Seg mss(int value) {
        options = options.withMss(value);
        return this;
    }

    Seg ts(long value, long echo) {
        options = options.withTimestamps(new TcpOptions.Timestamps(value, echo));
        return this;
    }

    Seg sack(SackBlock... blocks) {
        options = options.withSackBlocks(List.of(blocks));
        return this;
    }

    /** Payload text; a data segment the connection sends also carries PSH, so this sets it. */
    Seg payload(String text) {
        return payload(text.getBytes(StandardCharsets.US_ASCII));
    }

    Seg payload(byte[] bytes) {
        payload = bytes.clone();
        return this;
    }

    /** {@code length} bytes of a recognisable pattern: byte i is {@code (start + i) % 251}. */
    Seg data(int start, int length) {
        return payload(TcpScript.pattern(start, length));
    }

    byte[] payload() {
        return payload;
    }

    TcpHeader header(int sourcePort, int destinationPort) {
        return new TcpHeader(sourcePort, destinationPort, seq, ack, flags, window, urgentPointer, options);
    }

    OutSegment toOutSegment(int sourcePort, int destinationPort) {
        return new OutSegment(header(sourcePort, destinationPort), payload);
    }

    @Override
    public String toString() {
        return TcpHeader.tcpdumpFlags(flags) + " seq " + seq + " ack " + ack + " win " + window + " len "
                + payload.length + " " + Arrays.toString(payload);
    }
}
