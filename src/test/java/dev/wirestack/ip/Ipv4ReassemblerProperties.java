package dev.wirestack.ip;

import dev.wirestack.trace.DropReason;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Fragmenting then reassembling, in any order and with duplicates, gives back the datagram byte for byte. */
class Ipv4ReassemblerProperties {
    static final Ipv4Address A = Ipv4Address.parse("10.1.0.1");
    static final Ipv4Address B = Ipv4Address.parse("10.1.0.2");

    @Property(tries = 200)
    void fragmentsInAnyOrder_reassembleByteExact(@ForAll @IntRange(min = 1, max = 20000) int size,
                                                 @ForAll @IntRange(min = 68, max = 9000) int mtu,
                                                 @ForAll long seed) {
        Random random = new Random(seed);
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        Ipv4Header header = Ipv4Header.of(A, B, 17, 64, size, 7);
        List<Ipv4Fragmenter.Fragment> fragments =
                new ArrayList<>(Ipv4Fragmenter.fragment(header, MemorySegment.ofArray(payload), mtu));
        for (Ipv4Fragmenter.Fragment f : fragments) {
            assertThat(f.header().totalLength()).isLessThanOrEqualTo(Math.max(mtu, header.totalLength() <= mtu
                    ? header.totalLength() : 0));
            assertThat(f.header().fragmentOffset() % 8).isZero();
        }
        if (fragments.size() == 1) {
            return; // not a fragment: nothing to reassemble
        }
        fragments.add(fragments.get(random.nextInt(fragments.size()))); // a duplicate
        Collections.shuffle(fragments, random);
        Ipv4Reassembler reassembler = new Ipv4Reassembler(Duration.ofSeconds(30), 1 << 20);
        Ipv4Reassembler.Complete complete = null;
        for (Ipv4Fragmenter.Fragment f : fragments) {
            if (reassembler.accept(0, f.header(), f.payload()) instanceof Ipv4Reassembler.Complete c) {
                complete = c;
                break; // a duplicate arriving later would start a new datagram, which then expires
            }
        }
        assertThat(complete).isNotNull();
        assertThat(complete.payload()).isEqualTo(payload);
        assertThat(complete.header().isFragment()).isFalse();
        assertThat(complete.header().totalLength()).isEqualTo(header.totalLength());
        assertThat(reassembler.bytesHeld()).isZero();
    }

    @Property(tries = 50)
    void memoryNeverExceedsTheCap(@ForAll @IntRange(min = 100, max = 5000) int cap, @ForAll long seed) {
        Random random = new Random(seed);
        Ipv4Reassembler reassembler = new Ipv4Reassembler(Duration.ofSeconds(30), cap);
        for (int id = 0; id < 50; id++) {
            Ipv4Header first = new Ipv4Header(0, 20 + 8 * (1 + random.nextInt(50)), id, false, true,
                    8 * random.nextInt(100), 64, 17, A, B, 20);
            var result = reassembler.accept(id, first, MemorySegment.ofArray(new byte[first.payloadLength()]));
            if (result instanceof Ipv4Reassembler.Dropped dropped) {
                assertThat(dropped.reason()).isEqualTo(DropReason.REASSEMBLY_MEMORY_FULL);
            }
            assertThat(reassembler.bytesHeld()).isLessThanOrEqualTo(cap);
        }
        reassembler.onTimeout(Duration.ofSeconds(31).toNanos());
        assertThat(reassembler.bytesHeld()).isZero();
        assertThat(reassembler.datagramsHeld()).isZero();
    }
}
