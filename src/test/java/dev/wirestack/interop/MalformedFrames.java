package dev.wirestack.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.ArpPacket;
import dev.wirestack.wire.Checksum;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Frames;
import dev.wirestack.wire.IcmpHeader;
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
    private static final int IP = EthernetHeader.HEADER_LENGTH;
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

    private final MacAddress kernelMac;
    private final MacAddress wirestackMac;
    private final Ipv4Address kernel = Ipv4Address.parse(Namespace.KERNEL);
    private final Ipv4Address wirestack = Ipv4Address.parse(Namespace.WIRESTACK);

    private MalformedFrames(MacAddress kernelMac, MacAddress wirestackMac) {
        this.kernelMac = kernelMac;
        this.wirestackMac = wirestackMac;
    }

    /** The burst, from the kernel's MAC and address to Wirestack's. */
    static List<byte[]> burst(String kernelMac, String wirestackMac) {
        MalformedFrames frames = new MalformedFrames(MacAddress.parse(kernelMac), MacAddress.parse(wirestackMac));
        List<Supplier<byte[]>> kinds = List.of(
                frames::truncatedIpv4Header,
                () -> flip(frames.echoRequest(), IP + 10),                  // IPv4 header checksum
                () -> frames.withIpv4Checksum(set(frames.echoRequest(), IP, 0x44)),  // IHL 4
                () -> frames.withIpv4Checksum(set(frames.echoRequest(), IP, 0x65)),  // version 6
                () -> frames.withIpv4Checksum(totalLength(frames.echoRequest(), 1400)),
                frames::fragmentPastTheLargestDatagram,
                () -> flip(frames.echoRequest(), IP + 20 + 8),              // ICMP checksum
                frames::udpLengthPastTheDatagram,
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
            frames.wirestackMac.write(MemorySegment.ofArray(garbage), 0);
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

    private byte[] truncatedIpv4Header() {
        return Arrays.copyOf(echoRequest(), IP + 12);
    }

    /** A last fragment whose end lies past 65535 bytes, the largest datagram (the "ping of death"). */
    private byte[] fragmentPastTheLargestDatagram() {
        Ipv4Header header = Ipv4Header.of(kernel, wirestack, Ipv4Header.PROTOCOL_ICMP, 64, 1000, 7)
                .withFragment(64000, false, 20 + 1000);
        byte[] frame = ethernet(EthernetHeader.ETHERTYPE_IPV4, Frames.ipv4(header, new byte[1000]));
        int offsetUnits = 64728 / 8; // ends at 65728: the header type refuses to make this, so patch the field
        frame[IP + 6] = (byte) (offsetUnits >>> 8);
        frame[IP + 7] = (byte) offsetUnits;
        return withIpv4Checksum(frame);
    }

    private byte[] udpLengthPastTheDatagram() {
        byte[] udp = Frames.udp(5000, 7, new byte[16], kernel, wirestack);
        udp[4] = 0x01; // length 256+24, past the 24 bytes there are
        return ipv4(Ipv4Header.PROTOCOL_UDP, udp);
    }

    private byte[] echoRequest() {
        return ipv4(Ipv4Header.PROTOCOL_ICMP, Frames.icmp(IcmpHeader.echoRequest(0x4242, 1), new byte[16]));
    }

    private byte[] arpRequest() {
        return Frames.ethernet(EthernetHeader.untagged(MacAddress.BROADCAST, kernelMac, EthernetHeader.ETHERTYPE_ARP),
                Frames.arp(ArpPacket.request(kernelMac, kernel, wirestack)));
    }

    private byte[] ipv4(int protocol, byte[] payload) {
        Ipv4Header header = Ipv4Header.of(kernel, wirestack, protocol, 64, payload.length, 1);
        return ethernet(EthernetHeader.ETHERTYPE_IPV4, Frames.ipv4(header, payload));
    }

    private byte[] ethernet(int etherType, byte[] payload) {
        return Frames.ethernet(EthernetHeader.untagged(wirestackMac, kernelMac, etherType), payload);
    }

    /** The IPv4 header checksum made right again, so that only the intended field is wrong. */
    private byte[] withIpv4Checksum(byte[] frame) {
        frame[IP + 10] = 0;
        frame[IP + 11] = 0;
        int checksum = Checksum.compute(MemorySegment.ofArray(frame).asSlice(IP), 0, 20);
        frame[IP + 10] = (byte) (checksum >>> 8);
        frame[IP + 11] = (byte) checksum;
        return frame;
    }

    private static byte[] totalLength(byte[] frame, int length) {
        frame[IP + 2] = (byte) (length >>> 8);
        frame[IP + 3] = (byte) length;
        return frame;
    }

    private static byte[] flip(byte[] frame, int offset) {
        frame[offset] ^= 0x01;
        return frame;
    }

    private static byte[] set(byte[] frame, int offset, int value) {
        frame[offset] = (byte) value;
        return frame;
    }
}
