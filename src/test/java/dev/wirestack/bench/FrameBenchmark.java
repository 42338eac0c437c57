package dev.wirestack.bench;

import dev.wirestack.wire.EthernetFrame;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.Ipv4Packet;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.MalformedPacketException;
import dev.wirestack.wire.UdpDatagram;
import dev.wirestack.wire.UdpHeader;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing and writing an Ethernet/IPv4/UDP frame with every check and checksum, in ns per frame, next to a plain
 * copy of the same bytes (the least any stack that touches the frame must pay).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBenchmark {
    private static final MacAddress SOURCE_MAC = MacAddress.local(1);
    private static final MacAddress DESTINATION_MAC = MacAddress.local(2);
    private static final Ipv4Address SOURCE = Ipv4Address.parse("10.77.0.1");
    private static final Ipv4Address DESTINATION = Ipv4Address.parse("10.77.0.2");

    @Param({"18", "1472"})
    int payloadSize;

    byte[] payload;
    MemorySegment payloadSegment;
    byte[] frame;
    MemorySegment frameSegment;
    byte[] scratch;
    MemorySegment scratchSegment;

    @Setup
    public void build() {
        payload = new byte[payloadSize];
        for (int i = 0; i < payloadSize; i++) {
            payload[i] = (byte) i;
        }
        payloadSegment = MemorySegment.ofArray(payload);
        frame = new byte[EthernetHeader.HEADER_LENGTH + Ipv4Header.MIN_HEADER_LENGTH + UdpHeader.HEADER_LENGTH
                + payloadSize];
        frameSegment = MemorySegment.ofArray(frame);
        scratch = new byte[frame.length];
        scratchSegment = MemorySegment.ofArray(scratch);
        write(frameSegment);
    }

    /** Ethernet, IPv4 and UDP headers with both checksums, and the payload copied in. */
    private void write(MemorySegment out) {
        EthernetHeader.untagged(DESTINATION_MAC, SOURCE_MAC, EthernetHeader.ETHERTYPE_IPV4).emit(out);
        Ipv4Header ip = Ipv4Header.of(SOURCE, DESTINATION, Ipv4Header.PROTOCOL_UDP, 64,
                UdpHeader.HEADER_LENGTH + payloadSize, 1);
        MemorySegment ipBytes = out.asSlice(EthernetHeader.HEADER_LENGTH);
        ip.emit(ipBytes);
        UdpHeader.of(40000, 9, payloadSize).emit(ipBytes.asSlice(Ipv4Header.MIN_HEADER_LENGTH), payloadSegment,
                SOURCE, DESTINATION);
    }

    @Benchmark
    public int parse() throws MalformedPacketException {
        EthernetFrame ethernet = EthernetHeader.parse(frameSegment);
        Ipv4Packet ip = Ipv4Header.parse(ethernet.payload());
        UdpDatagram udp = UdpHeader.parse(ip.payload(), ip.header().source(), ip.header().destination());
        return udp.header().destinationPort() + (int) udp.payload().byteSize();
    }

    @Benchmark
    public byte[] write() {
        write(scratchSegment);
        return scratch;
    }

    @Benchmark
    public int parseAndWrite() throws MalformedPacketException {
        write(scratchSegment);
        EthernetFrame ethernet = EthernetHeader.parse(scratchSegment);
        Ipv4Packet ip = Ipv4Header.parse(ethernet.payload());
        UdpDatagram udp = UdpHeader.parse(ip.payload(), ip.header().source(), ip.header().destination());
        return udp.header().destinationPort();
    }

    /** The baseline: copy the frame's bytes, nothing else. */
    @Benchmark
    public byte[] copyOnly() {
        System.arraycopy(frame, 0, scratch, 0, frame.length);
        return scratch;
    }
}
