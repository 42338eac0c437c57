package dev.wirestack.scenario;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.ReferenceNetwork;
import dev.wirestack.stack.Host;
import dev.wirestack.trace.DropReason;
import dev.wirestack.trace.TraceEvent;
import dev.wirestack.wire.FaultyFrames;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Layer;
import dev.wirestack.wire.MacAddress;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static dev.wirestack.wire.FaultyFrames.IP;
import static dev.wirestack.wire.FaultyFrames.flip;
import static dev.wirestack.wire.FaultyFrames.set;
import static dev.wirestack.wire.FaultyFrames.withTotalLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A bare network card on the server's LAN (port 2 of sw2) sends the server one broken frame after another. The
 * server drops each one, counts it under the reason the parser gave, and traces it; then it still answers the
 * client's ping from across the network, unharmed.
 */
class MalformedFramesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final MacAddress SERVER_MAC = MacAddress.local(0x0a020002);
    private static final MacAddress CARD_MAC = MacAddress.local(0x0a020009);
    private static final Ipv4Address CARD = Ipv4Address.parse("10.2.0.9");

    /** One broken frame, and what the server must say about it. */
    private record Malformed(String what, byte[] frame, Layer layer, DropReason reason) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static List<Malformed> table() {
        FaultyFrames card = new FaultyFrames(CARD_MAC, CARD, SERVER_MAC, ReferenceNetwork.SERVER);
        return List.of(
                new Malformed("802.1Q tag cut off after the TPID", truncatedVlanTag(),
                        Layer.ETHERNET, DropReason.TRUNCATED),
                new Malformed("IPv4 header checksum wrong", flip(card.echoRequest(), IP + 10),
                        Layer.IPV4, DropReason.BAD_CHECKSUM),
                new Malformed("IHL 4 (16 bytes)", set(card.echoRequest(), IP, 0x44),
                        Layer.IPV4, DropReason.BAD_HEADER_LENGTH),
                new Malformed("total length past the frame", withTotalLength(card.echoRequest(), 1000),
                        Layer.IPV4, DropReason.BAD_LENGTH),
                new Malformed("UDP checksum wrong", flip(card.udpDatagram(5000, 9000), IP + 20 + 8),
                        Layer.UDP, DropReason.BAD_CHECKSUM),
                new Malformed("ICMP checksum wrong", flip(card.echoRequest(), IP + 20 + 8),
                        Layer.ICMP, DropReason.BAD_CHECKSUM),
                new Malformed("ARP hardware length 7", set(card.arpRequest(), IP + 4, 7),
                        Layer.ARP, DropReason.UNSUPPORTED),
                new Malformed("EtherType 0x88b5 (local experimental)", card.ethernet(0x88b5, new byte[46]),
                        Layer.ETHERNET, DropReason.UNKNOWN_ETHERTYPE));
    }

    @Test
    void eachMalformedFrameIsDroppedAndCountedUnderItsReason_andTheServerStillAnswersPing() {
        List<TraceEvent> events = new ArrayList<>();
        ReferenceNetwork reference = new ReferenceNetwork(1, 0, events::add);
        Injector card = reference.network().add("card", new Injector());
        reference.network().link(card, 0, reference.serverSwitch(), 2, LinkSpec.ethernet100M());
        Host server = reference.server();

        List<Malformed> table = table();
        for (int row = 0; row < table.size(); row++) {
            byte[] frame = table.get(row).frame();
            reference.network().schedule(SECOND + row * MILLI, () -> card.send(frame));
        }
        List<PingEvent> heard = new ArrayList<>();
        reference.network().schedule(2 * SECOND,
                () -> reference.client().openPing(heard::add).send(ReferenceNetwork.SERVER, 1, 56));
        reference.network().runUntil(3 * SECOND);

        assertThat(events).filteredOn(event -> event instanceof TraceEvent.Dropped dropped
                        && dropped.node().equals("server") && dropped.timeNanos() >= SECOND)
                .extracting(event -> ((TraceEvent.Dropped) event).layer(), event -> ((TraceEvent.Dropped) event).reason())
                .containsExactlyElementsOf(table.stream().map(row -> tuple(row.layer(), row.reason())).toList());
        assertThat(server.stats().drops(DropReason.BAD_CHECKSUM)).isEqualTo(3);
        assertThat(server.stats().drops(DropReason.TRUNCATED)).isEqualTo(1);
        assertThat(server.stats().drops(DropReason.BAD_HEADER_LENGTH)).isEqualTo(1);
        assertThat(server.stats().drops(DropReason.BAD_LENGTH)).isEqualTo(1);
        assertThat(server.stats().drops(DropReason.UNSUPPORTED)).isEqualTo(1);
        assertThat(server.stats().drops(DropReason.UNKNOWN_ETHERTYPE)).isEqualTo(1);
        assertThat(card.received()).as("nothing answers a broken frame: the card hears only broadcasts")
                .allSatisfy(frame -> assertThat(Decoded.ethernet(frame).header().destination())
                        .isEqualTo(MacAddress.BROADCAST));

        assertThat(heard).singleElement().isInstanceOfSatisfying(PingEvent.Reply.class, reply -> {
            assertThat(reply.from()).isEqualTo(ReferenceNetwork.SERVER);
            assertThat(reply.ttl()).isEqualTo(61);
        });
    }

    /** A frame whose EtherType announces an 802.1Q tag that is not there. */
    private static byte[] truncatedVlanTag() {
        byte[] frame = new byte[16];
        SERVER_MAC.write(MemorySegment.ofArray(frame), 0);
        CARD_MAC.write(MemorySegment.ofArray(frame), 6);
        frame[12] = (byte) 0x81;
        return frame;
    }
}
