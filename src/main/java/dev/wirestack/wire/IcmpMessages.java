package dev.wirestack.wire;


/** Human-readable names of ICMP error messages, as ping and traceroute print them. */
public final class IcmpMessages {
    private IcmpMessages() {
    }

    public static String describe(int type, int code) {
        return switch (type) {
            case IcmpHeader.DESTINATION_UNREACHABLE -> switch (code) {
                case IcmpHeader.NET_UNREACHABLE -> "Destination Net Unreachable";
                case IcmpHeader.HOST_UNREACHABLE -> "Destination Host Unreachable";
                case IcmpHeader.PROTOCOL_UNREACHABLE -> "Destination Protocol Unreachable";
                case IcmpHeader.PORT_UNREACHABLE -> "Destination Port Unreachable";
                case IcmpHeader.FRAGMENTATION_NEEDED -> "Frag needed and DF set";
                case IcmpHeader.SOURCE_ROUTE_FAILED -> "Source Route Failed";
                default -> "Destination Unreachable, code " + code;
            };
            case IcmpHeader.TIME_EXCEEDED -> code == IcmpHeader.TTL_EXCEEDED
                    ? "Time to live exceeded" : "Fragment reassembly time exceeded";
            case IcmpHeader.SOURCE_QUENCH -> "Source Quench";
            case IcmpHeader.REDIRECT -> "Redirect";
            case IcmpHeader.PARAMETER_PROBLEM -> "Parameter problem";
            default -> "ICMP type " + type + " code " + code;
        };
    }
}
