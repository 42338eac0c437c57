package dev.wirestack.interop;

import static dev.wirestack.wire.FaultyFrames.IP;
import static dev.wirestack.wire.FaultyFrames.flip;
import static dev.wirestack.wire.FaultyFrames.set;
import static dev.wirestack.wire.FaultyFrames.withIpv4Checksum;
import static dev.wirestack.wire.FaultyFrames.withTotalLength;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.FaultyFrames;
import dev.wirestack.wire.Frames;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Broken frames from the kernel's side of the TAP to Wirestack, sent through a raw packet socket (so the kernel
 * passes them on untouched): each kind of fault a parser must survive, repeated, then seeded random garbage.
 */
final class MalformedFrames {
    private static final int REPEAT = 40;
    private static final int RANDOM_FRAMES = 200;
    private static final int KINDS = 9;
    /** How many frames {@link #burst} returns. */
    static final int BURST_SIZE = KINDS * REPEAT + RANDOM_FRAMES;

    /** Writes each line of standard input, hex, as one frame on the TAP. */
    private static final String SENDER = """
            import socket, sys
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind((sys.argv[1], 0))
            for line in sys.stdin:
                s.send(bytes.fromhex(line.strip()))
            """;

    private MalformedFrames() {
    }

    /** The burst, from the kernel's MAC and address to Wirestack's. */
    static List<byte[]> burst(String kernelMac, String wirestackMac) {
        FaultyFrames frames = new FaultyFrames(MacAddress.parse(kernelMac), Ipv4Address.parse(Namespace.KERNEL),
                MacAddress.parse(wirestackMac), Ipv4Address.parse(Namespace.WIRESTACK));
        List<Supplier<byte[]>> kinds = List.of(
                () -> Arrays.copyOf(frames.echoRequest(), IP + 12),         // IPv4 header truncated
                () -> flip(frames.echoRequest(), IP + 10),                  // IPv4 header checksum
                () -> withIpv4Checksum(set(frames.echoRequest(), IP, 0x44)),  // IHL 4
                () -> withIpv4Checksum(set(frames.echoRequest(), IP, 0x65)),  // version 6
                () -> withTotalLength(frames.echoRequest(), 1400),
                () -> fragmentPastTheLargestDatagram(frames),
                () -> flip(frames.echoRequest(), IP + 20 + 8),              // ICMP checksum
                () -> udpLengthPastTheDatagram(frames),
                () -> set(frames.arpRequest(), IP + 4, 7));                 // ARP hardware length 7
        assertThat(kinds).hasSize(KINDS);
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < REPEAT; i++) {
            kinds.forEach(kind -> burst.add(kind.get()));
        }
        Random random = new Random(4);
        for (int i = 0; i < RANDOM_FRAMES; i++) {
            byte[] garbage = new byte[IP + random.nextInt(1500)];
            random.nextBytes(garbage);
            frames.destinationMac().write(MemorySegment.ofArray(garbage), 0);
            garbage[12] = 0x08;
            garbage[13] = (byte) (i % 2 == 0 ? 0x00 : 0x06); // IPv4 or ARP: past the EtherType check
            burst.add(garbage);
        }
        return burst;
    }

    /** Sends {@code frames} out of the kernel's side of the namespace's TAP. */
    static void send(Namespace namespace, List<byte[]> frames) {
        StringBuilder lines = new StringBuilder();
        frames.forEach(frame -> lines.append(HexFormat.of().formatHex(frame)).append('\n'));
        Namespace.Result sent = namespace.exec(lines.toString().getBytes(StandardCharsets.US_ASCII),
                "python3", "-c", SENDER, Namespace.TAP);
        assertThat(sent.code()).as("the raw sender: %s", sent.all()).isZero();
    }

    /** A last fragment whose end lies past 65535 bytes, the largest datagram (the "ping of death"). */
    private static byte[] fragmentPastTheLargestDatagram(FaultyFrames frames) {
        Ipv4Header header = Ipv4Header.of(frames.source(), frames.destination(), Ipv4Header.PROTOCOL_ICMP, 64, 1000,
                7).withFragment(64000, false, 20 + 1000);
        byte[] frame = frames.ethernet(EthernetHeader.ETHERTYPE_IPV4, Frames.ipv4(header, new byte[1000]));
        int offsetUnits = 64728 / 8; // ends at 65728: the header type refuses to make this, so patch the field
        frame[IP + 6] = (byte) (offsetUnits >>> 8);
        frame[IP + 7] = (byte) offsetUnits;
        return withIpv4Checksum(frame);
    }

    private static byte[] udpLengthPastTheDatagram(FaultyFrames frames) {
        byte[] frame = frames.udpDatagram(5000, 7);
        frame[IP + 20 + 4] = 0x01; // length 256+24, past the 24 bytes there are
        return frame;
    }
}
