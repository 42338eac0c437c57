package dev.wirestack.tcp;

import dev.wirestack.wire.SeqNum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Any order of a stream's segments, with duplicates and overlaps, reassembles to the stream exactly. */
class ReceiveReassemblerProperties {

    record Segment(int offset, int length) {
    }

    @Property(tries = 300)
    void anyPermutationWithOverlapsAndDuplicates_yieldsTheStreamExactly(
            @ForAll @IntRange(min = 1, max = 5000) int size,
            @ForAll @IntRange(min = 1, max = 6000) int capacity,
            @ForAll @IntRange(min = 1, max = 8) int maxBlocks,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] stream = new byte[size];
        random.nextBytes(stream);
        // Start near the 2^32 wrap half of the time.
        SeqNum isn = random.nextBoolean() ? SeqNum.of(0xffff_ffffL - random.nextInt(size + 1))
                : new SeqNum(random.nextInt());
        List<Segment> segments = segmentsCovering(size, random);
        var reassembler = new ReceiveReassembler(isn, capacity, maxBlocks);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        // Like a sender retransmitting what was dropped, replay the shuffled segments until the stream is complete;
        // each round delivers at least the segment at RCV.NXT, so size + 1 rounds always suffice.
        for (int round = 0; round <= size && received.size() < size; round++) {
            Collections.shuffle(segments, random);
            for (Segment s : segments) {
                reassembler.add(isn.plus(s.offset()),
                        Arrays.copyOfRange(stream, s.offset(), s.offset() + s.length()));
                assertThat(reassembler.blockCount()).isLessThanOrEqualTo(maxBlocks);
                assertThat(reassembler.readable() + reassembler.outOfOrderBytes()).isLessThanOrEqualTo(capacity);
                if (random.nextInt(4) == 0) {
                    received.writeBytes(reassembler.readAll());
                }
            }
            received.writeBytes(reassembler.readAll());
        }
        assertThat(received.toByteArray()).isEqualTo(stream);
        assertThat(reassembler.rcvNxt()).isEqualTo(isn.plus(size));
        assertThat(reassembler.blockCount()).isZero();
    }

    /** A cover of [0, size) by random segments, plus random overlapping extras and duplicates. */
    private static List<Segment> segmentsCovering(int size, Random random) {
        List<Segment> segments = new ArrayList<>();
        for (int offset = 0; offset < size; ) {
            int length = Math.min(size - offset, 1 + random.nextInt(700));
            segments.add(new Segment(offset, length));
            offset += length;
        }
        int extras = random.nextInt(segments.size() + 1);
        for (int i = 0; i < extras; i++) {
            int offset = random.nextInt(size);
            segments.add(new Segment(offset, 1 + random.nextInt(size - offset)));
            segments.add(segments.get(random.nextInt(segments.size())));
        }
        return segments;
    }
}
