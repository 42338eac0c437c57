package dev.wirestack.stack;

import dev.wirestack.arp.ArpCache;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Cidr;
import dev.wirestack.wire.MacAddress;

import java.util.ArrayDeque;

/**
 * One network interface of a host: port {@code index} of the node, with its MAC, its address and prefix, its MTU,
 * its up/down state, its ARP cache and the frames waiting for pollTransmit.
 */
public final class HostInterface {
    private final int index;
    private final MacAddress mac;
    private final Ipv4Cidr address;
    private final int mtu;
    /** The most TCP data the device cuts into MTU-sized segments itself (TSO), or 0. */
    private int segmentationOffload;
    /** The bits of the subnet's broadcast address, computed once: every datagram in and out is tested against it. */
    private final int broadcastBits;
    private boolean up = true;
    final ArpCache<LinkLayer.Pending> arp;
    final ArrayDeque<byte[]> transmitQueue = new ArrayDeque<>();

    private static final int MAX_DATAGRAM = 65_535;

    HostInterface(int index, MacAddress mac, Ipv4Cidr address, int mtu, ArpCache.Config arpConfig) {
        if (mtu < 68 || mtu > 65535) {
            throw new IllegalArgumentException("an IPv4 MTU is 68..65535 (RFC 791), not " + mtu);
        }
        if (mac.isMulticast()) {
            throw new IllegalArgumentException("an interface MAC must be unicast: " + mac);
        }
        this.index = index;
        this.mac = mac;
        this.address = address;
        this.mtu = mtu;
        this.broadcastBits = address.broadcast().bits();
        this.arp = new ArpCache<>(arpConfig);
    }

    public int index() {
        return index;
    }

    public MacAddress mac() {
        return mac;
    }

    /** The interface address with its prefix, such as 10.1.0.2/24. */
    public Ipv4Cidr address() {
        return address;
    }

    public Ipv4Address ip() {
        return address.address();
    }

    public int mtu() {
        return mtu;
    }

    /**
     * Declares that the device under this interface does TCP segmentation offload (TSO, as a virtio NIC or a TAP
     * with IFF_VNET_HDR): it takes TCP segments with up to {@code maxBytes} of data in one IPv4 datagram of at most
     * 65,535 bytes and cuts them into segments that fit the MTU. Connections opened after this may send such segments
     * (whole multiples of the MSS), which pass the IP and link layers whole, with DF set, not fragmented. 0: none.
     */
    public void setSegmentationOffload(int maxBytes) {
        if (maxBytes < 0 || maxBytes > MAX_DATAGRAM) {
            throw new IllegalArgumentException("segmentation offload is 0.." + MAX_DATAGRAM + " bytes, not "
                    + maxBytes);
        }
        this.segmentationOffload = maxBytes;
    }

    /** The most TCP data one offloaded segment may carry (see {@link #setSegmentationOffload}), or 0 without. */
    public int segmentationOffload() {
        return segmentationOffload;
    }

    /** The largest TCP datagram that leaves whole: the MTU, or up to 65,535 bytes with segmentation offload. */
    int largestTcpDatagram() {
        return segmentationOffload == 0 ? mtu : MAX_DATAGRAM;
    }

    public boolean isUp() {
        return up;
    }

    /** Entries in the ARP cache, reachable or being resolved. */
    public int arpEntries() {
        return arp.size();
    }

    /** The subnet's directed broadcast address, when the prefix has one (not /31, /32: RFC 3021). */
    boolean isDirectedBroadcast(Ipv4Address candidate) {
        return address.prefixLength() < 31 && broadcastBits == candidate.bits();
    }

    void setUp(boolean value) {
        this.up = value;
    }

    @Override
    public String toString() {
        return "if" + index + " " + mac + " " + address + " mtu " + mtu + (up ? " up" : " down");
    }
}
