package dev.wirestack.interop;

import static dev.wirestack.interop.Namespace.WIRESTACK;
import static dev.wirestack.interop.Namespace.WIRESTACK_MAC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wirestack.wire.EthernetFrame;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.IcmpHeader;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.PcapReader;
import dev.wirestack.wire.PcapRecord;
import dev.wirestack.wire.TsharkCheck;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code wirestack serve --pcap} writes: both directions of the TAP, readable by tshark with checksum validation
 * on, showing that Wirestack learned the kernel's MAC and fragmented its large replies. SIGTERM flushes it.
 */
@Tag("interop")
class CaptureInteropTest {

    @Test
    void thePcapOfAServeRunHoldsBothDirectionsAndPassesTshark(@TempDir Path directory)
            throws IOException, MalformedPacketException {
        Path pcap = directory.resolve("serve.pcap");
        List<PcapRecord> records;
        MacAddress kernelMac;
        try (Namespace namespace = Namespace.create()) {
            kernelMac = MacAddress.parse(namespace.kernelMac());
            Wirestack.Running server = Wirestack.serve(namespace, "--udp-echo", "7", "--pcap", pcap.toString());
            namespace.run("ping", "-c", "2", "-i", "0.2", "-W", "5", "-s", "56", WIRESTACK);
            namespace.run("ping", "-c", "2", "-i", "0.2", "-W", "5", "-s", "8000", WIRESTACK);
            namespace.exec("hello".getBytes(), "socat", "-t", "2", "-", "UDP:" + WIRESTACK + ":7");

            Namespace.Result stopped = server.stop();

            assertThat(stopped.code()).as(stopped.all()).isZero();
        }
        try (InputStream in = Files.newInputStream(pcap)) {
            records = new PcapReader(in).readAll();
        }
        MacAddress wirestackMac = MacAddress.parse(WIRESTACK_MAC);

        TsharkCheck.Result tshark = TsharkCheck.assertClean(pcap);
        assertThat(tshark.frames()).isEqualTo(records.size());
        assertThat(records).as("the kernel's ARP request and Wirestack's reply to it, addressed to the kernel's MAC")
                .anyMatch(arp(kernelMac, MacAddress.BROADCAST))
                .anyMatch(arp(wirestackMac, kernelMac));
        assertThat(records).as("echo replies from Wirestack to the kernel's MAC")
                .anyMatch(ipv4(wirestackMac, kernelMac, packet -> packet.header().protocol() == Ipv4Header.PROTOCOL_ICMP
                        && packet.payload().get(ValueLayout.JAVA_BYTE, 0) == IcmpHeader.ECHO_REPLY));
        assertThat(records).as("fragments both ways (ping -s 8000)")
                .anyMatch(ipv4(kernelMac, wirestackMac, packet -> packet.header().moreFragments()))
                .anyMatch(ipv4(wirestackMac, kernelMac, packet -> packet.header().moreFragments()));
        assertThat(records).as("the UDP echo, both ways")
                .anyMatch(ipv4(kernelMac, wirestackMac, packet -> packet.header().protocol() == Ipv4Header.PROTOCOL_UDP))
                .anyMatch(ipv4(wirestackMac, kernelMac, packet -> packet.header().protocol() == Ipv4Header.PROTOCOL_UDP));
    }

    private static Predicate<PcapRecord> arp(MacAddress source, MacAddress destination) {
        return record -> ethernet(record) instanceof EthernetFrame frame
                && frame.header().etherType() == EthernetHeader.ETHERTYPE_ARP
                && frame.header().source().equals(source) && frame.header().destination().equals(destination);
    }

    private static Predicate<PcapRecord> ipv4(MacAddress source, MacAddress destination,
                                              Predicate<Ipv4Packet> packet) {
        return record -> {
            if (!(ethernet(record) instanceof EthernetFrame frame)
                    || frame.header().etherType() != EthernetHeader.ETHERTYPE_IPV4
                    || !frame.header().source().equals(source) || !frame.header().destination().equals(destination)) {
                return false;
            }
            try {
                return packet.test(Ipv4Header.parse(frame.payload()));
            } catch (MalformedPacketException e) {
                return false;
            }
        };
    }

    /** The frame, or null for one Ethernet cannot parse (the kernel's side sends only good ones here). */
    private static EthernetFrame ethernet(PcapRecord record) {
        try {
            return EthernetHeader.parse(MemorySegment.ofArray(record.frame()));
        } catch (MalformedPacketException e) {
            return null;
        }
    }
}
