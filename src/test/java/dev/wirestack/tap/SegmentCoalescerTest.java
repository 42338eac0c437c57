package dev.wirestack.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.Checksum;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Merging TCP segments for a TAP with offloads: what merges, what ends a run, and that a merged frame is exactly the
 * segments' bytes behind one set of headers, with checksums the kernel accepts (the IP header's complete, the TCP
 * one left as Linux leaves it for offload, which finishing turns into the segment's real checksum).
 */
class SegmentCoalescerTest {
    private static final int HEADERS = 14 + 20 + 32; // Ethernet, IPv4, TCP with the timestamps option
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int FIN = 0x01;
    private static final int SEQ = 1_000_000;

    private final SegmentCoalescer coalescer = new SegmentCoalescer(1500);

    @Test
    void consecutiveSegmentsOfOneConnectionMergeIntoOneGsoFrame() {
        byte[] first = segment(SEQ, ACK | PSH, payload(1448, 0));
        byte[] second = segment(SEQ + 1448, ACK | PSH, payload(1448, 1448));
        byte[] third = segment(SEQ + 2896, ACK, payload(100, 2896));

        coalescer.start(first);
        assertThat(coalescer.tryAppend(second)).isTrue();
        assertThat(coalescer.tryAppend(third)).isTrue();
        int length = coalescer.finish();

        assertThat(coalescer.segments()).isEqualTo(3);
        VirtioNetHeader header = VirtioNetHeader.parse(coalescer.buffer());
        assertThat(header).isEqualTo(new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, VirtioNetHeader.GSO_TCPV4,
                HEADERS, 1448, 34, 16));
        byte[] frame = Arrays.copyOfRange(coalescer.buffer(), VirtioNetHeader.LENGTH, length);
        assertThat(frame).hasSize(HEADERS + 2996);
        assertThat(Arrays.copyOfRange(frame, HEADERS, frame.length)).isEqualTo(payload(2996, 0));
        assertThat(u16(frame, 14 + 2)).as("IP total length").isEqualTo(frame.length - 14);
        assertThat(Checksum.compute(MemorySegment.ofArray(frame), 14, 20)).as("IP header checksum").isZero();
        assertThat(frame[14 + 20 + 13] & 0xff).as("flags: ACK, and the PSH the segments had").isEqualTo(ACK | PSH);
        assertThat(u32(frame, 14 + 20 + 4)).as("the first segment's sequence number").isEqualTo(SEQ);

        assertThat(header.finishChecksum(MemorySegment.ofArray(frame), 0, frame.length)).isTrue();
        assertThat(frame).isEqualTo(segment(SEQ, ACK | PSH, payload(2996, 0)));
    }

    @Test
    void aLoneSegmentGoesOutUnchanged_withAPlainHeader() {
        byte[] only = segment(SEQ, ACK, payload(1448, 0));

        coalescer.start(only);
        int length = coalescer.finish();

        assertThat(VirtioNetHeader.parse(coalescer.buffer())).isEqualTo(VirtioNetHeader.PLAIN);
        assertThat(Arrays.copyOfRange(coalescer.buffer(), VirtioNetHeader.LENGTH, length)).isEqualTo(only);
    }

    @Test
    void aGapInTheSequenceNumbersEndsTheRun() {
        coalescer.start(segment(SEQ, ACK, payload(1448, 0)));

        assertThat(coalescer.tryAppend(segment(SEQ + 2896, ACK, payload(1448, 0)))).isFalse();
        assertThat(coalescer.segments()).isEqualTo(1);
    }

    @Test
    void aShortSegmentIsTheLastOfARun() {
        coalescer.start(segment(SEQ, ACK, payload(1448, 0)));
        assertThat(coalescer.tryAppend(segment(SEQ + 1448, ACK, payload(10, 0)))).isTrue();

        assertThat(coalescer.isOpen()).isFalse();
        assertThat(coalescer.tryAppend(segment(SEQ + 1458, ACK, payload(10, 0)))).isFalse();
    }

    @Test
    void aLongerSegmentThanTheFirstDoesNotMerge() {
        coalescer.start(segment(SEQ, ACK, payload(1000, 0)));

        assertThat(coalescer.tryAppend(segment(SEQ + 1000, ACK, payload(1448, 0)))).isFalse();
    }

    @Test
    void segmentsThatDifferInAcknowledgmentWindowOrOptionsDoNotMerge() {
        byte[] first = segment(SEQ, ACK, payload(1448, 0));
        byte[] otherAck = segment(SEQ + 1448, ACK, payload(1448, 0));
        otherAck[14 + 20 + 8] ^= 1;
        byte[] otherWindow = segment(SEQ + 1448, ACK, payload(1448, 0));
        otherWindow[14 + 20 + 14] ^= 1;
        byte[] otherTimestamp = segment(SEQ + 1448, ACK, payload(1448, 0));
        otherTimestamp[14 + 20 + 20 + 5] ^= 1;
        byte[] otherPort = segment(SEQ + 1448, ACK, payload(1448, 0));
        otherPort[14 + 20 + 1] ^= 1;

        for (byte[] other : new byte[][] {otherAck, otherWindow, otherTimestamp, otherPort}) {
            coalescer.start(first);
            assertThat(coalescer.tryAppend(other)).isFalse();
        }
    }

    @Test
    void controlSegmentsNeverMerge() {
        coalescer.start(segment(SEQ, ACK, payload(1448, 0)));
        assertThat(coalescer.tryAppend(segment(SEQ + 1448, ACK | FIN, payload(1448, 0)))).isFalse();

        coalescer.start(segment(SEQ, ACK | FIN, payload(1448, 0)));
        assertThat(coalescer.isOpen()).isFalse();
    }

    @Test
    void pureAcknowledgmentsAndNonTcpFramesGoAlone() {
        coalescer.start(segment(SEQ, ACK, new byte[0]));
        assertThat(coalescer.isOpen()).isFalse();

        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        coalescer.start(arp);
        assertThat(coalescer.isOpen()).isFalse();
        int length = coalescer.finish();
        assertThat(Arrays.copyOfRange(coalescer.buffer(), VirtioNetHeader.LENGTH, length)).isEqualTo(arp);
    }

    @Test
    void aRunStopsBeforeTheIpDatagramWouldPass64KiB() {
        coalescer.start(segment(SEQ, ACK, payload(1448, 0)));
        int merged = 1;
        while (coalescer.tryAppend(segment(SEQ + merged * 1448, ACK, payload(1448, 0)))) {
            merged++;
        }

        assertThat(merged).isEqualTo((65_535 - 52) / 1448); // 45 segments of 1448 bytes fit, 46 do not
        int length = coalescer.finish();
        assertThat(length - VirtioNetHeader.LENGTH - 14).isLessThanOrEqualTo(65_535);
    }

    @Test
    void aSegmentLargerThanTheMtu_goesAloneForTheKernelToCutAtTheMtu_finIncluded() {
        byte[] large = segment(SEQ, ACK | PSH | FIN, payload(45 * 1448, 0));

        coalescer.start(large);
        assertThat(coalescer.isOpen()).isFalse();
        assertThat(coalescer.tryAppend(segment(SEQ + 45 * 1448, ACK, payload(1448, 0)))).isFalse();
        int length = coalescer.finish();

        VirtioNetHeader header = VirtioNetHeader.parse(coalescer.buffer());
        assertThat(header).as("cut into datagrams of the MTU: 1500 less the IP and TCP headers of 52 bytes")
                .isEqualTo(new VirtioNetHeader(VirtioNetHeader.NEEDS_CHECKSUM, VirtioNetHeader.GSO_TCPV4, HEADERS,
                        1448, 34, 16));
        byte[] frame = Arrays.copyOfRange(coalescer.buffer(), VirtioNetHeader.LENGTH, length);
        assertThat(header.finishChecksum(MemorySegment.ofArray(frame), 0, frame.length)).isTrue();
        assertThat(frame).isEqualTo(large);
    }

    @Test
    void aSegmentLargerThanTheMtuWithOtherFlags_goesUnchanged() {
        byte[] urgent = segment(SEQ, ACK | 0x20, payload(2000, 0));

        coalescer.start(urgent);
        int length = coalescer.finish();

        assertThat(VirtioNetHeader.parse(coalescer.buffer())).isEqualTo(VirtioNetHeader.PLAIN);
        assertThat(Arrays.copyOfRange(coalescer.buffer(), VirtioNetHeader.LENGTH, length)).isEqualTo(urgent);
    }

    // ---- frames --------------------------------------------------------------------------------------------------

    private static byte[] payload(int length, int offset) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((offset + i) * 31 + 7);
        }
        return bytes;
    }

    /** 02:..:01 to 02:..:02, 10.77.0.2:40000 to 10.77.0.1:5001, ack 77, window 502, timestamps 5/9. */
    private static byte[] segment(int seq, int flags, byte[] payload) {
        byte[] frame = new byte[HEADERS + payload.length];
        byte[] macs = {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2};
        System.arraycopy(macs, 0, frame, 0, 12);
        frame[12] = 0x08;
        int ip = 14;
        frame[ip] = 0x45;
        putU16(frame, ip + 2, frame.length - 14);
        putU16(frame, ip + 4, 4242);
        frame[ip + 6] = 0x40; // DF
        frame[ip + 8] = 64;
        frame[ip + 9] = 6;
        byte[] addresses = {10, 77, 0, 2, 10, 77, 0, 1};
        System.arraycopy(addresses, 0, frame, ip + 12, 8);
        putU16(frame, ip + 10, Checksum.compute(MemorySegment.ofArray(frame), ip, 20));
        int tcp = ip + 20;
        putU16(frame, tcp, 40000);
        putU16(frame, tcp + 2, 5001);
        putU16(frame, tcp + 4, seq >>> 16);
        putU16(frame, tcp + 6, seq);
        putU16(frame, tcp + 10, 77);
        frame[tcp + 12] = (byte) (8 << 4);
        frame[tcp + 13] = (byte) flags;
        putU16(frame, tcp + 14, 502);
        byte[] timestamps = {1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 0, 9};
        System.arraycopy(timestamps, 0, frame, tcp + 20, 12);
        System.arraycopy(payload, 0, frame, HEADERS, payload.length);
        int tcpLength = frame.length - tcp;
        int pseudo = Checksum.sum(MemorySegment.ofArray(frame), ip + 12, 8, 6 + tcpLength);
        putU16(frame, tcp + 16, Checksum.finish(Checksum.sum(MemorySegment.ofArray(frame), tcp, tcpLength, pseudo)));
        return frame;
    }

    private static void putU16(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) (value >>> 8);
        bytes[offset + 1] = (byte) value;
    }

    private static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
    }

    private static long u32(byte[] bytes, int offset) {
        return (long) u16(bytes, offset) << 16 | u16(bytes, offset + 2);
    }
}
