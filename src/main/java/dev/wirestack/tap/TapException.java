package dev.wirestack.tap;

import java.io.IOException;

/**
 * Why a TAP interface could not be opened or used, as one line a user can act on (what is wrong, and the command or
 * capability that fixes it).
 */
public final class TapException extends IOException {
    /** What went wrong, for callers that react differently (tests, exit codes). */
    public enum Kind {
        /** Opening /dev/net/tun or attaching needs CAP_NET_ADMIN (root, or the interface's owner). */
        NO_PERMISSION,
        /** /dev/net/tun is missing: no tun module, or a container without the device. */
        NO_TUN_DEVICE,
        /** No interface of that name exists (in this network namespace). */
        NO_SUCH_INTERFACE,
        /** The interface exists but is not a single-queue TAP (a TUN, a veth, ...). */
        NOT_A_TAP,
        /** Another process has the TAP open. */
        BUSY,
        /** The interface is administratively down. */
        DOWN,
        /** Any other failure of a system call, with the C library's text. */
        SYSTEM_ERROR
    }

    private final Kind kind;

    public TapException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
