package dev.wirestack.tap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few C library calls a TAP device needs, through the Foreign Function & Memory API (no JNI). Each call returns
 * what the C function returns, or {@code -errno} when it fails (the kernel's own convention), so the hot path
 * allocates nothing. Constants are Linux's (the same on x86-64 and AArch64).
 *
 * <p>Calling C is restricted: the jar's manifest says Enable-Native-Access, and the launcher and tests pass
 * {@code --enable-native-access=ALL-UNNAMED}.
 */
@SuppressWarnings("restricted") // calling C is this class's one job
final class Libc {
    static final int O_RDONLY = 0x0;
    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EFD_NONBLOCK = O_NONBLOCK;
    static final int EFD_CLOEXEC = O_CLOEXEC;
    static final int AF_INET = 2;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = O_CLOEXEC;
    static final short POLLIN = 0x1;
    /** sched.h: the network namespace, for setns(). */
    static final int CLONE_NEWNET = 0x40000000;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EBADFD = 77;

    /** linux/if_tun.h: _IOW('T', 202, int). */
    static final long TUNSETIFF = 0x400454caL;
    /** linux/sockios.h. */
    static final long SIOCGIFFLAGS = 0x8913L;
    static final long SIOCGIFMTU = 0x8921L;
    static final short IFF_UP = 0x1;
    static final short IFF_TAP = 0x0002;
    static final short IFF_NO_PI = 0x1000;
    /** linux/if_tun.h: each frame read or written starts with a struct virtio_net_hdr (offloads). */
    static final short IFF_VNET_HDR = 0x4000;
    /** linux/if_tun.h: _IOW('T', 208, unsigned int); the offload flags are the argument itself, not a pointer. */
    static final long TUNSETOFFLOAD = 0x400454d0L;
    /** linux/if_tun.h: the TAP may pass frames whose TCP or UDP checksum is left for the reader to finish. */
    static final int TUN_F_CSUM = 0x01;
    /** linux/if_tun.h: the TAP may pass TCP over IPv4 segments of up to 64 KiB (TSO; needs TUN_F_CSUM). */
    static final int TUN_F_TSO4 = 0x02;

    /** struct ifreq: char ifr_name[IFNAMSIZ = 16], then a union (flags as a short, mtu as an int), 40 bytes. */
    static final int IFNAMSIZ = 16;
    static final int IFREQ_SIZE = 40;
    static final int IFREQ_UNION_OFFSET = 16;

    /** struct pollfd { int fd; short events; short revents; }. */
    static final int POLLFD_SIZE = 8;
    static final int POLLFD_EVENTS_OFFSET = 4;
    static final int POLLFD_REVENTS_OFFSET = 6;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** Each thread keeps its own errno slot, as C does. */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle OPEN = downcall("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_VALUE = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /**
     * read() and write() on a Java array, without a copy through native memory: critical calls may be passed heap
     * segments, and the GC waits for them; a read or write of one frame on a non-blocking TAP is that short.
     */
    private static final MethodHandle READ_ARRAY = downcall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
    private static final MethodHandle WRITE_ARRAY = downcall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.critical(true));
    private static final MethodHandle POLL = downcall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = downcall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SOCKET = downcall("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SETNS = downcall("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("the C library has no " + name + "()"));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    static int open(MemorySegment path, int flags) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) OPEN.invokeExact(capture, path, flags), capture);
        } catch (Throwable t) {
            throw linkageFailure("open", t);
        }
    }

    static int ioctl(int fd, long request, MemorySegment argument) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) IOCTL.invokeExact(capture, fd, request, argument), capture);
        } catch (Throwable t) {
            throw linkageFailure("ioctl", t);
        }
    }

    /** ioctl() whose argument is a number, not a pointer (TUNSETOFFLOAD). */
    static int ioctl(int fd, long request, long value) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) IOCTL_VALUE.invokeExact(capture, fd, request, value), capture);
        } catch (Throwable t) {
            throw linkageFailure("ioctl", t);
        }
    }

    static long read(int fd, MemorySegment buffer, long count) {
        MemorySegment capture = CAPTURE.get();
        try {
            long result = (long) READ.invokeExact(capture, fd, buffer, count);
            return result < 0 ? -errno(capture) : result;
        } catch (Throwable t) {
            throw linkageFailure("read", t);
        }
    }

    static long write(int fd, MemorySegment buffer, long count) {
        MemorySegment capture = CAPTURE.get();
        try {
            long result = (long) WRITE.invokeExact(capture, fd, buffer, count);
            return result < 0 ? -errno(capture) : result;
        } catch (Throwable t) {
            throw linkageFailure("write", t);
        }
    }

    /** read() into {@code buffer[0..count)}; the bytes read, or minus the errno. */
    static long read(int fd, byte[] buffer, int count) {
        MemorySegment capture = CAPTURE.get();
        try {
            long result = (long) READ_ARRAY.invokeExact(capture, fd, MemorySegment.ofArray(buffer), (long) count);
            return result < 0 ? -errno(capture) : result;
        } catch (Throwable t) {
            throw linkageFailure("read", t);
        }
    }

    /** write() of {@code buffer[0..count)}; the bytes written, or minus the errno. */
    static long write(int fd, byte[] buffer, int count) {
        MemorySegment capture = CAPTURE.get();
        try {
            long result = (long) WRITE_ARRAY.invokeExact(capture, fd, MemorySegment.ofArray(buffer), (long) count);
            return result < 0 ? -errno(capture) : result;
        } catch (Throwable t) {
            throw linkageFailure("write", t);
        }
    }

    static int poll(MemorySegment fds, long count, int timeoutMillis) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) POLL.invokeExact(capture, fds, count, timeoutMillis), capture);
        } catch (Throwable t) {
            throw linkageFailure("poll", t);
        }
    }

    static int close(int fd) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) CLOSE.invokeExact(capture, fd), capture);
        } catch (Throwable t) {
            throw linkageFailure("close", t);
        }
    }

    static int eventfd(int initialValue, int flags) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) EVENTFD.invokeExact(capture, initialValue, flags), capture);
        } catch (Throwable t) {
            throw linkageFailure("eventfd", t);
        }
    }

    static int socket(int domain, int type, int protocol) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) SOCKET.invokeExact(capture, domain, type, protocol), capture);
        } catch (Throwable t) {
            throw linkageFailure("socket", t);
        }
    }

    static int setns(int fd, int namespaceType) {
        MemorySegment capture = CAPTURE.get();
        try {
            return orErrno((int) SETNS.invokeExact(capture, fd, namespaceType), capture);
        } catch (Throwable t) {
            throw linkageFailure("setns", t);
        }
    }

    /** The C library's text for an error number, such as "Device or resource busy". */
    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            throw linkageFailure("strerror", t);
        }
    }

    private static int orErrno(int result, MemorySegment capture) {
        return result < 0 ? -errno(capture) : result;
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** invokeExact declares Throwable; a downcall itself throws nothing, so anything here is a bug of ours. */
    private static IllegalStateException linkageFailure(String function, Throwable cause) {
        return new IllegalStateException("calling " + function + "() through the FFM API failed", cause);
    }
}
