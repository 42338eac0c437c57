package dev.wirestack.ip;

import dev.wirestack.wire.Ipv4Header;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a datagram to fit an MTU (RFC 791 section 3.2, "An Example Fragmentation Procedure", and RFC 1812 5.2.6
 * for routers re-fragmenting a fragment): every fragment copies the header, carries a multiple of 8 payload bytes
 * except the last, and has More Fragments set except the last of the original datagram.
 */
public final class Ipv4Fragmenter {

    /** One fragment: its header and a slice of the original payload (not a copy). */
    public record Fragment(Ipv4Header header, MemorySegment payload) {
    }

    private Ipv4Fragmenter() {
    }

    /**
     * The fragments of {@code header}+{@code payload} for a link of {@code mtu} bytes; the datagram itself when it
     * fits. The caller checks Don't Fragment first: this method fragments regardless.
     */
    public static List<Fragment> fragment(Ipv4Header header, MemorySegment payload, int mtu) {
        if (header.totalLength() <= mtu) {
            return List.of(new Fragment(header, payload));
        }
        int room = (mtu - header.headerLength()) & ~7;
        if (room < 8) {
            throw new IllegalArgumentException("an MTU of " + mtu + " leaves no room for 8 payload bytes after a "
                    + header.headerLength() + "-byte header (RFC 791 requires 68)");
        }
        int length = header.payloadLength();
        List<Fragment> fragments = new ArrayList<>(length / room + 1);
        for (int start = 0; start < length; start += room) {
            int size = Math.min(room, length - start);
            boolean last = start + size == length;
            Ipv4Header fragmentHeader = header.withFragment(header.fragmentOffset() + start,
                    !last || header.moreFragments(), header.headerLength() + size);
            fragments.add(new Fragment(fragmentHeader, payload.asSlice(start, size)));
        }
        return fragments;
    }
}
