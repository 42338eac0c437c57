package dev.wirestack.wire;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/**
 * Whole Ethernet frames, byte for byte as a Linux host sends them (checksums verified by tshark), for the worked
 * examples. Each test deconstructs one field by field and constructs it back.
 */
final class Golden {
    static final MacAddress HOST_MAC = MacAddress.parse("52:54:00:12:34:56");
    static final MacAddress ROUTER_MAC = MacAddress.parse("52:54:00:9a:bc:de");
    static final Ipv4Address HOST_IP = Ipv4Address.parse("192.168.1.10");
    static final Ipv4Address ROUTER_IP = Ipv4Address.parse("192.168.1.1");
    static final Ipv4Address DNS_SERVER = Ipv4Address.parse("8.8.8.8");

    /** "Who has 192.168.1.1? Tell 192.168.1.10", broadcast, padded to the 60-byte minimum with zeros. */
    static final String ARP_REQUEST = """
            ffffffffffff 525400123456 0806
            0001 0800 06 04 0001 525400123456 c0a8010a 000000000000 c0a80101
            000000000000000000000000000000000000""";

    /** A ping from 192.168.1.10 to 192.168.1.1: DF set, id 0xa1b2, ICMP echo id 0x1c46 seq 1, 48 data bytes. */
    static final String ICMP_ECHO_REQUEST = """
            5254009abcde 525400123456 0800
            4500 004c a1b2 4000 40 01 15a3 c0a8010a c0a80101
            08 00 88bc 1c46 0001
            a2c3f16500000000 101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637""";

    /** A DNS query "example.com A" from 192.168.1.10:53101 to 8.8.8.8:53 (IPv4 DF clear, id 0x3c5d). */
    static final String UDP_DNS_QUERY = """
            5254009abcde 525400123456 0800
            4500 0039 3c5d 0000 40 11 6c95 c0a8010a 08080808
            cf6d 0035 0025 7c9d
            1234 0100 0001 0000 0000 0000 076578616d706c6503636f6d00 0001 0001""";

    private Golden() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static MemorySegment segment(String hex) {
        return MemorySegment.ofArray(bytes(hex));
    }
}
