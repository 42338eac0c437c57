package dev.wirestack.wire;

/** The protocol layer a packet format, a problem or a trace event belongs to. */
public enum Layer {
    ETHERNET, ARP, IPV4, ICMP, UDP, TCP, PCAP
}
