package dev.wirestack.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class EthernetTest {

    /** An 802.1Q-tagged ARP request: VLAN 100, priority 5 (TCI 0xa064). */
    private static final String TAGGED = "ffffffffffff 525400123456 8100 a064 0806";

    @Test
    void deconstructsAnEightOhTwoDotOneQTag() throws MalformedPacketException {
        EthernetFrame frame = EthernetHeader.parse(Golden.segment(TAGGED + "0001"));

        assertThat(frame.header()).isEqualTo(EthernetHeader.tagged(MacAddress.BROADCAST, Golden.HOST_MAC,
                EthernetHeader.ETHERTYPE_ARP, 100, 5));
        assertThat(frame.header().length()).isEqualTo(18);
        assertThat(Bytes.toArray(frame.payload())).containsExactly(0, 1);
    }

    @Test
    void constructsTheSameTag() {
        byte[] out = new byte[18];
        EthernetHeader.tagged(MacAddress.BROADCAST, Golden.HOST_MAC, EthernetHeader.ETHERTYPE_ARP, 100, 5)
                .emit(MemorySegment.ofArray(out));
        assertThat(out).isEqualTo(Golden.bytes(TAGGED));
    }

    @Test
    void anUntaggedHeaderCannotCarryTheVlanEtherType() {
        assertThatThrownBy(() -> EthernetHeader.untagged(MacAddress.BROADCAST, Golden.HOST_MAC,
                EthernetHeader.ETHERTYPE_VLAN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fcsIsTheLittleEndianCrc32OfTheFrame() {
        // The CRC-32 of the ASCII "123456789" is 0xcbf43926 (the standard check value); it goes out LSB first.
        byte[] withFcs = EthernetFcs.append("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertThat(java.util.Arrays.copyOfRange(withFcs, 9, 13)).isEqualTo(Golden.bytes("2639f4cb"));
        assertThat(EthernetFcs.isValid(withFcs)).isTrue();
    }

    @Test
    void fcsDetectsEverySingleBitError() {
        byte[] withFcs = EthernetFcs.append(Golden.bytes(Golden.ARP_REQUEST));
        for (int bit = 0; bit < withFcs.length * 8; bit++) {
            withFcs[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(EthernetFcs.isValid(withFcs)).as("bit %d flipped", bit).isFalse();
            withFcs[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        assertThat(EthernetFcs.isValid(withFcs)).isTrue();
        assertThat(EthernetFcs.isValid(new byte[3])).isFalse();
    }
}
