package dev.wirestack.cli;

import dev.wirestack.runtime.FaultInjector;
import dev.wirestack.runtime.FrameDevice;
import dev.wirestack.runtime.Impairment;
import dev.wirestack.runtime.MonotonicClock;
import dev.wirestack.runtime.RealTimeDriver;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.HostBuilder;
import dev.wirestack.tap.TapDevice;
import dev.wirestack.tap.TapException;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.PcapWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine.Option;

/**
 * The flags of every command that attaches to a real interface (DESIGN.md, "the command-line contract"): which TAP,
 * the host's address, gateway, MAC and MTU, and a capture of what crosses the interface.
 */
final class TapOptions {
    /** IPv4's smallest MTU (RFC 791) and the largest a Linux TAP takes. */
    private static final int MIN_MTU = 68;
    private static final int MAX_MTU = 65521;

    @Option(names = "--tap", required = true, paramLabel = "NAME",
            description = "an existing TAP interface (ip tuntap add dev NAME mode tap && ip link set NAME up"
                    + " && ip addr add 10.77.0.1/24 dev NAME)")
    String tap;

    @Option(names = "--ip", required = true, paramLabel = "A.B.C.D/P",
            description = "Wirestack's address and prefix on that link, such as 10.77.0.2/24")
    String ip;

    @Option(names = "--gateway", paramLabel = "A.B.C.D", description = "the default gateway, in the --ip subnet")
    String gateway;

    @Option(names = "--mac", paramLabel = "MAC",
            description = "Wirestack's MAC address (default: a random locally administered one)")
    String mac;

    @Option(names = "--mtu", paramLabel = "N", description = "Wirestack's MTU (default: the interface's)")
    Integer mtu;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every frame in and out to this pcap file")
    Path pcap;

    @Option(names = "--impair", paramLabel = "SPEC",
            description = "impair the frames both ways, to test over a bad link (the kernel's TCP meets it too):"
                    + " loss=0.03,delay=10ms,reorder=0.01,duplicate=0.01[,seed=N]")
    String impair;

    @Option(names = "--offload", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "open the TAP with offloads (IFF_VNET_HDR, checksum and TSO): TCP segments of up to 64 KiB"
                    + " cross it in one system call, both ways (the default; --no-offload: one frame per call)")
    boolean offload;

    /** A host attached to the TAP: the driver is built, not started; it owns the device and the capture. */
    record Attached(Host host, RealTimeDriver driver, Impairment impairment) {
        /**
         * What the ready line says: {@code tap0 10.77.0.2/24 (02:00:5e:10:00:01), mtu 1500}, and the impairment if
         * there is one.
         */
        String describe() {
            var iface = host.iface(0);
            return host.name() + " " + iface.address() + " (" + iface.mac() + "), mtu " + iface.mtu()
                    + (impairment.isNone() ? "" : ", impaired " + impairment);
        }
    }

    /**
     * Validates the flags (IllegalArgumentException, a usage error, for bad ones), then opens the TAP and the
     * capture and builds the host.
     */
    Attached attach() throws TapException {
        Ipv4Cidr address = Ipv4Cidr.parse(ip);
        if (address.address().isUnspecified() || address.address().isMulticast()
                || address.address().isBroadcast()) {
            throw new IllegalArgumentException("--ip must be a unicast address, not " + address.address());
        }
        if (gateway != null && !address.contains(Ipv4Address.parse(gateway))) {
            throw new IllegalArgumentException("--gateway " + gateway + " is not in the subnet of --ip " + address);
        }
        MacAddress hardware = mac == null ? MacAddress.local(new SplittableRandom().nextInt()) : MacAddress.parse(mac);
        if (hardware.isMulticast()) {
            throw new IllegalArgumentException("--mac must be a unicast address, not " + hardware);
        }
        if (mtu != null && (mtu < MIN_MTU || mtu > MAX_MTU)) {
            throw new IllegalArgumentException("--mtu is " + MIN_MTU + " to " + MAX_MTU + ", not " + mtu);
        }
        Impairment impairment = impair == null ? Impairment.NONE : Impairment.parse(impair);
        TapDevice device = TapDevice.open(tap, offload);
        PcapWriter capture;
        try {
            capture = pcap == null ? null : PcapFiles.create(pcap);
        } catch (IllegalArgumentException e) {
            device.close();
            throw e;
        }
        HostBuilder builder = Host.builder(tap)
                .iface(hardware, address.toString(), mtu == null ? device.mtu() : mtu)
                .random(new SplittableRandom())
                .frameEvents(false); // the driver captures frames itself
        if (gateway != null) {
            builder.gateway(gateway);
        }
        Host host = builder.build();
        if (impairment.isNone() && host.iface(0).mtu() == device.mtu()) {
            // TCP hands the TAP segments of up to 64 KiB for the kernel to cut at the MTU, which is Wirestack's too.
            // Not when impaired: the impairment then loses, delays and reorders each wire-sized segment, not 64 KiB.
            host.iface(0).setSegmentationOffload(device.segmentationOffload());
        }
        // The capture sees what crosses the impairment on Wirestack's side: what the host sent and received.
        FrameDevice frames = impairment.isNone() ? device
                : new FaultInjector(device, impairment, new MonotonicClock()::now);
        return new Attached(host, new RealTimeDriver(host, frames, capture), impairment);
    }
}
