package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An Ethernet II header (IEEE 802.3 clause 3.2.6 "Length/Type" used as a type), optionally with one IEEE 802.1Q
 * VLAN tag between the source address and the EtherType.
 *
 * @param etherType    the protocol of the payload (0x0600 and above: smaller values are 802.3 lengths, not types)
 * @param vlanId       the 802.1Q VLAN identifier 0..4095, or -1 for an untagged frame
 * @param vlanPriority the 802.1Q priority code point 0..7 (0 when untagged)
 */
public record EthernetHeader(MacAddress destination, MacAddress source, int etherType, int vlanId, int vlanPriority) {
    public static final int HEADER_LENGTH = 14;
    public static final int VLAN_TAG_LENGTH = 4;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** The smallest EtherType; values below are IEEE 802.3 length fields (802.3 clause 3.2.6). */
    public static final int MIN_ETHERTYPE = 0x0600;
    /** The smallest frame on the wire, without the 4-byte FCS: shorter payloads are padded (802.3 clause 4.2.3.3). */
    public static final int MIN_FRAME_LENGTH = 60;
    /** The largest standard frame without FCS: a tagged header and a 1500-byte payload. */
    public static final int MAX_FRAME_LENGTH = HEADER_LENGTH + VLAN_TAG_LENGTH + 1500;
    public static final int UNTAGGED = -1;

    private static final int TYPE_OFFSET = 12;
    private static final int TCI_OFFSET = 14;

    public EthernetHeader {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        Checks.inRange("etherType", etherType, MIN_ETHERTYPE, 0xffff);
        if (vlanId == UNTAGGED) {
            if (vlanPriority != 0) {
                throw new IllegalArgumentException("an untagged frame has no VLAN priority: " + vlanPriority);
            }
            if (etherType == ETHERTYPE_VLAN) {
                throw new IllegalArgumentException("an 802.1Q tag is given by vlanId, not by etherType 0x8100");
            }
        } else {
            Checks.inRange("vlanId", vlanId, 0, 4095);
            Checks.inRange("vlanPriority", vlanPriority, 0, 7);
        }
    }

    public static EthernetHeader untagged(MacAddress destination, MacAddress source, int etherType) {
        return new EthernetHeader(destination, source, etherType, UNTAGGED, 0);
    }

    public static EthernetHeader tagged(MacAddress destination, MacAddress source, int etherType, int vlanId,
                                        int vlanPriority) {
        return new EthernetHeader(destination, source, etherType, vlanId, vlanPriority);
    }

    /**
     * Parses a frame without FCS. The payload is everything after the header, including any padding a short
     * frame carries (the network layer trims it by its own length field). The 802.1Q drop-eligible bit is not kept.
     */
    public static EthernetFrame parse(MemorySegment frame) throws MalformedPacketException {
        EthernetHeader header = parseHeader(frame);
        return new EthernetFrame(header, frame.asSlice(header.length()));
    }

    /**
     * {@link #parse} without the payload slice: the header alone, for a receiver that reads the payload in place
     * at {@link #length()} of the frame.
     */
    public static EthernetHeader parseHeader(MemorySegment frame) throws MalformedPacketException {
        Checks.require(frame, HEADER_LENGTH, Layer.ETHERNET, "header", 0);
        int typeOffset = TYPE_OFFSET;
        int vlanId = UNTAGGED;
        int vlanPriority = 0;
        if (Bytes.u16(frame, TYPE_OFFSET) == ETHERTYPE_VLAN) {
            Checks.require(frame, HEADER_LENGTH + VLAN_TAG_LENGTH, Layer.ETHERNET, "vlanTag", TCI_OFFSET);
            int tci = Bytes.u16(frame, TCI_OFFSET);
            vlanPriority = tci >>> 13;
            vlanId = tci & 0x0fff;
            typeOffset += VLAN_TAG_LENGTH;
        }
        int etherType = Bytes.u16(frame, typeOffset);
        if (etherType < MIN_ETHERTYPE) {
            // An IEEE 802.3 length field (LLC frames such as spanning tree): not Ethernet II.
            throw Checks.malformed(Layer.ETHERNET, "etherType", typeOffset, ProblemKind.UNSUPPORTED, MIN_ETHERTYPE,
                    etherType);
        }
        return new EthernetHeader(MacAddress.read(frame, 0), MacAddress.read(frame, 6), etherType, vlanId,
                vlanPriority);
    }

    public boolean isTagged() {
        return vlanId != UNTAGGED;
    }

    /** 14, or 18 with a VLAN tag. */
    public int length() {
        return isTagged() ? HEADER_LENGTH + VLAN_TAG_LENGTH : HEADER_LENGTH;
    }

    /** Writes the header at the start of {@code out}. */
    public void emit(MemorySegment out) {
        destination.write(out, 0);
        source.write(out, 6);
        int typeOffset = TYPE_OFFSET;
        if (isTagged()) {
            Bytes.putU16(out, TYPE_OFFSET, ETHERTYPE_VLAN);
            Bytes.putU16(out, TCI_OFFSET, vlanPriority << 13 | vlanId);
            typeOffset += VLAN_TAG_LENGTH;
        }
        Bytes.putU16(out, typeOffset, etherType);
    }
}
