package dev.wirestack.wire;

/**
 * Constants of the classic libpcap file format (draft-ietf-opsawg-pcap): a 24-byte file header, then records of
 * a 16-byte header (seconds, fraction, captured length, original length) and the captured bytes.
 */
final class PcapFormat {
    static final int MAGIC_MICROSECONDS = 0xa1b2c3d4;
    static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    static final int VERSION_MAJOR = 2;
    static final int VERSION_MINOR = 4;
    static final int LINKTYPE_ETHERNET = 1;
    static final int SNAPLEN = 262144;
    static final int FILE_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    static final long NANOS_PER_SECOND = 1_000_000_000L;

    private PcapFormat() {
    }
}
