package dev.wirestack.cli;

import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code wirestack ipcalc 10.1.2.3/20}: the subnet arithmetic of an address with a prefix length. */
@Command(name = "ipcalc", mixinStandardHelpOptions = true,
        description = "Shows the address, mask, network, broadcast, host range and host count of A.B.C.D/P.")
final class IpcalcCommand implements Callable<Integer> {

    @Parameters(paramLabel = "A.B.C.D/P", description = "an IPv4 address with its prefix length, such as 10.1.2.3/20")
    String cidrText;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Ipv4Cidr cidr = Ipv4Cidr.parse(cidrText);
        PrintWriter out = spec.commandLine().getOut();
        row(out, "Address:", cidr.address());
        row(out, "Netmask:", cidr.mask() + " = " + cidr.prefixLength(), cidr.mask());
        row(out, "Network:", cidr.network() + "/" + cidr.prefixLength(), cidr.network());
        row(out, "Broadcast:", cidr.broadcast());
        row(out, "HostMin:", cidr.firstHost());
        row(out, "HostMax:", cidr.lastHost());
        out.printf("%-11s%d%n", "Hosts/Net:", cidr.hostCount());
        return 0;
    }

    private static void row(PrintWriter out, String label, Ipv4Address address) {
        row(out, label, address.toString(), address);
    }

    private static void row(PrintWriter out, String label, String text, Ipv4Address address) {
        out.printf("%-11s%-21s%s%n", label, text, binary(address));
    }

    /** Dotted binary, as ipcalc prints it: 00001010.00000001.00000000.00000000. */
    static String binary(Ipv4Address address) {
        StringBuilder text = new StringBuilder(35);
        for (int shift = 24; shift >= 0; shift -= 8) {
            String octet = Integer.toBinaryString((address.bits() >>> shift) & 0xff);
            text.append("0".repeat(8 - octet.length())).append(octet);
            if (shift > 0) {
                text.append('.');
            }
        }
        return text.toString();
    }
}
