package dev.wirestack.wire;

/** Why a packet was refused by a parser: each kind is a counter name in the stack's statistics. */
public enum ProblemKind {
    /** The buffer ends before the field does. */
    TRUNCATED,
    /** A checksum or frame check sequence does not match the bytes. */
    BAD_CHECKSUM,
    /** A length field disagrees with the buffer or with another length field. */
    BAD_LENGTH,
    /** A header length field (IPv4 IHL, TCP data offset) is below the minimum or past the packet. */
    BAD_HEADER_LENGTH,
    /** A version field holds a version this parser does not speak. */
    BAD_VERSION,
    /** An option is malformed: a length below its minimum or running past the options area. */
    BAD_OPTION,
    /** A combination of flags that no valid packet carries (such as SYN with FIN). */
    BAD_FLAGS,
    /** A field holds a value the protocol forbids (such as a zero port or a multicast source address). */
    BAD_VALUE,
    /** Well formed, but of a kind this parser does not handle (such as ARP for a non-IPv4 protocol). */
    UNSUPPORTED
}
