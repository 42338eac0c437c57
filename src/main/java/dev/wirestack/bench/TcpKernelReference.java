package dev.wirestack.bench;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The Linux kernel's own TCP throughput, the reference {@code wirestack bench tcp} sets its MTU 1500 figure against:
 * one iperf3 stream for a few seconds between two network namespaces joined by a veth pair at MTU 1500, with
 * segmentation and receive offloads off (TSO, GSO, GRO), so that the kernel too handles every 1500-byte packet.
 *
 * <p>Everything happens in namespaces made for the run ({@link BenchNamespaces}, addresses from 10.77.0.0/16 only),
 * which are deleted, and the iperf3 processes killed by their handles, before {@link #measure} returns, also after
 * a failure. Without root, iperf3 or ethtool there is no figure, and the result says why.
 */
public final class TcpKernelReference {
    private static final String SENDER_ADDRESS = "10.77.2.1";
    private static final String RECEIVER_ADDRESS = "10.77.2.2";
    private static final String PREFIX = "/24";
    private static final int MTU = 1500;
    private static final int IPERF_PORT = 5202;

    /** The kernel's Gbit/s, or why there is none. */
    public record Result(OptionalDouble gbps, String unavailableReason) {
        static Result measured(double gbps) {
            return new Result(OptionalDouble.of(gbps), null);
        }

        public static Result unavailable(String reason) {
            return new Result(OptionalDouble.empty(), reason);
        }

        /** {@code gbps} as a fraction of the kernel's figure, when there is one. */
        public OptionalDouble ratio(double gbps) {
            return this.gbps.isPresent() && this.gbps.getAsDouble() > 0
                    ? OptionalDouble.of(gbps / this.gbps.getAsDouble()) : OptionalDouble.empty();
        }
    }

    private TcpKernelReference() {
    }

    /** Measures the kernel's throughput for {@code time}; never throws for a missing tool or a failed step. */
    public static Result measure(Duration time) {
        if (!BenchNamespaces.isRoot()) {
            return Result.unavailable("not root: the kernel's figure needs network namespaces");
        }
        for (String tool : List.of("ip", "iperf3", "ethtool")) {
            if (!BenchNamespaces.hasTool(tool)) {
                return Result.unavailable(tool + " is not installed");
            }
        }
        try (BenchNamespaces namespaces = new BenchNamespaces()) {
            String sender = namespaces.create("-tx");
            String receiver = namespaces.create("-rx");
            namespaces.exec(sender, "ip", "link", "add", "wstk0", "mtu", Integer.toString(MTU), "type", "veth",
                    "peer", "name", "wstk1", "netns", receiver, "mtu", Integer.toString(MTU));
            configure(namespaces, sender, "wstk0", SENDER_ADDRESS);
            configure(namespaces, receiver, "wstk1", RECEIVER_ADDRESS);
            return Result.measured(namespaces.iperf3Gbps(sender, receiver, RECEIVER_ADDRESS, IPERF_PORT, time));
        } catch (RuntimeException e) {
            return Result.unavailable("the kernel's figure failed: " + e.getMessage());
        }
    }

    private static void configure(BenchNamespaces namespaces, String namespace, String device, String address) {
        namespaces.exec(namespace, "ip", "addr", "add", address + PREFIX, "dev", device);
        namespaces.exec(namespace, "ip", "link", "set", device, "up");
        // The per-packet work stays the kernel's, as it is Wirestack's: no segmentation or receive offload.
        namespaces.exec(namespace, "ethtool", "-K", device, "tso", "off", "gso", "off", "gro", "off");
    }
}
