package dev.wirestack.tap;

import dev.wirestack.runtime.FrameDevice;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An existing Linux TAP interface, attached through /dev/net/tun with the FFM API: Ethernet frames in and out, with
 * no packet-information prefix (IFF_NO_PI). The file descriptor is non-blocking; {@link #await} polls it together
 * with an eventfd that {@link #wakeUp} signals, so an event loop can sleep until a frame, a timer or a hand-off.
 *
 * <p>{@link #open} refuses to create an interface (TUNSETIFF would create a missing one): the contract is that
 * {@code --tap NAME} names a TAP the user made, up and addressed. Every failure is a {@link TapException} with one
 * line that says what to do.
 *
 * <p>Frames go out through a {@link TapWriter}, a thread of the device's own, so the kernel's work inside write()
 * runs beside the event loop rather than in it. The loop thread calls everything but {@link #wakeUp}.
 */
public final class TapDevice implements FrameDevice {
    /** Big enough for the largest frame a TAP carries (MTU 65521 plus the Ethernet header, and VLAN tags). */
    static final int MAX_FRAME = 1 << 17;
    /** A frame, and the virtio-net header in front of it with offloads. */
    private static final int BUFFER_SIZE = VirtioNetHeader.LENGTH + MAX_FRAME;
    private static final String CLONE_DEVICE = "/dev/net/tun";
    private static final String NETNS_DIRECTORY = "/run/netns/";
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final int MAX_DATAGRAM = 65_535;

    private final String name;
    private final int mtu;
    private final boolean offload;
    private final int fd;
    private final int wakeFd;
    private final Arena arena = Arena.ofShared();
    /** Every frame is read into this one array, then copied once into an array of its own size for the node. */
    private final byte[] receiveBuffer = new byte[BUFFER_SIZE];
    private final MemorySegment receiveSegment = MemorySegment.ofArray(receiveBuffer);
    private final MemorySegment pollFds = arena.allocate(2L * Libc.POLLFD_SIZE);
    private final MemorySegment wakeCounter = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
    private final TapWriter writer;
    private boolean closed;

    private TapDevice(String name, int mtu, boolean offload, int fd, int wakeFd) {
        this.name = name;
        this.mtu = mtu;
        this.offload = offload;
        this.fd = fd;
        this.wakeFd = wakeFd;
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        pollFds.set(ValueLayout.JAVA_INT, 0, fd);
        pollFds.set(ValueLayout.JAVA_SHORT, Libc.POLLFD_EVENTS_OFFSET, Libc.POLLIN);
        pollFds.set(ValueLayout.JAVA_INT, Libc.POLLFD_SIZE, wakeFd);
        pollFds.set(ValueLayout.JAVA_SHORT, Libc.POLLFD_SIZE + Libc.POLLFD_EVENTS_OFFSET, Libc.POLLIN);
        this.writer = new TapWriter(fd, name, offload, mtu);
    }

    /**
     * Attaches to the existing TAP interface {@code name} in the calling thread's network namespace.
     *
     * @throws IllegalArgumentException when {@code name} cannot be an interface name
     * @throws TapException             when the interface is missing, down, busy, not a TAP, or not ours to open
     */
    public static TapDevice open(String name) throws TapException {
        return open(name, false);
    }

    /**
     * As {@link #open(String)}; with {@code offload}, the TAP also carries TCP segments of up to 64 KiB whose
     * checksums are left to the reader, both ways (IFF_VNET_HDR, TUN_F_CSUM and TUN_F_TSO4), as a virtio NIC does:
     * the kernel's large segments arrive whole, checksums finished here, and Wirestack's segments of one stream that
     * wait to be written together go as one (see {@link SegmentCoalescer}).
     */
    public static TapDevice open(String name, boolean offload) throws TapException {
        checkName(name);
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment ifreq = ifreq(scratch, name);
            int mtu = inspect(name, ifreq);
            int fd = Libc.open(scratch.allocateFrom(CLONE_DEVICE), Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
            if (fd < 0) {
                throw openFailure(-fd);
            }
            ifreq.fill((byte) 0);
            ifreq.setString(0, name, StandardCharsets.US_ASCII);
            short flags = (short) (Libc.IFF_TAP | Libc.IFF_NO_PI | (offload ? Libc.IFF_VNET_HDR : 0));
            ifreq.set(ValueLayout.JAVA_SHORT, Libc.IFREQ_UNION_OFFSET, flags);
            int attached = Libc.ioctl(fd, Libc.TUNSETIFF, ifreq);
            if (attached < 0) {
                Libc.close(fd);
                throw attachFailure(name, -attached);
            }
            if (offload) {
                int offloaded = Libc.ioctl(fd, Libc.TUNSETOFFLOAD, (long) (Libc.TUN_F_CSUM | Libc.TUN_F_TSO4));
                if (offloaded < 0) {
                    Libc.close(fd);
                    throw systemError("enabling offloads on " + name, -offloaded);
                }
            }
            int wakeFd = Libc.eventfd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            if (wakeFd < 0) {
                Libc.close(fd);
                throw systemError("eventfd", -wakeFd);
            }
            return new TapDevice(name, mtu, offload, fd, wakeFd);
        }
    }

    /**
     * Attaches to the existing TAP interface {@code name} in the network namespace {@code namespace} (one made with
     * {@code ip netns add}, under /run/netns), whichever namespace this process is in: a short-lived thread enters
     * that namespace, opens the TAP, and ends. The open file descriptor stays bound to the interface, so the device
     * works from any thread after.
     *
     * @throws IllegalArgumentException when a name is not valid
     * @throws TapException             when the namespace cannot be entered, or as {@link #open}
     */
    public static TapDevice openInNamespace(String namespace, String name) throws TapException {
        return openInNamespace(namespace, name, false);
    }

    /** As {@link #openInNamespace(String, String)}, with offloads as {@link #open(String, boolean)} has them. */
    public static TapDevice openInNamespace(String namespace, String name, boolean offload) throws TapException {
        if (namespace == null || namespace.isEmpty() || namespace.contains("/") || namespace.startsWith(".")) {
            throw new IllegalArgumentException("not a network namespace name: " + namespace);
        }
        TapDevice[] opened = new TapDevice[1];
        TapException[] failed = new TapException[1];
        Thread opener = Thread.ofPlatform().name("wirestack-netns-open").start(() -> {
            try (Arena scratch = Arena.ofConfined()) {
                int nsFd = Libc.open(scratch.allocateFrom(NETNS_DIRECTORY + namespace), Libc.O_RDONLY | Libc.O_CLOEXEC);
                if (nsFd < 0) {
                    failed[0] = systemError("opening network namespace " + namespace, -nsFd);
                    return;
                }
                try {
                    // setns(CLONE_NEWNET) moves only the calling thread, which ends right after.
                    int entered = Libc.setns(nsFd, Libc.CLONE_NEWNET);
                    if (entered < 0) {
                        failed[0] = systemError("entering network namespace " + namespace, -entered);
                        return;
                    }
                } finally {
                    Libc.close(nsFd);
                }
                opened[0] = open(name, offload);
            } catch (TapException e) {
                failed[0] = e;
            }
        });
        try {
            opener.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TapException(TapException.Kind.SYSTEM_ERROR, "interrupted while opening " + name);
        }
        if (failed[0] != null) {
            throw failed[0];
        }
        return opened[0];
    }

    public String name() {
        return name;
    }

    /** The interface's MTU as the kernel has it ({@code ip link set NAME mtu N}). */
    public int mtu() {
        return mtu;
    }

    /**
     * The most TCP data one segment may carry through this TAP, which the kernel cuts into segments of the TAP's MTU
     * (TSO; for {@code HostInterface.setSegmentationOffload} on an interface of that MTU): the largest IPv4 datagram
     * less the IP header and the largest TCP header. 0 without offloads.
     */
    public int segmentationOffload() {
        return offload ? MAX_DATAGRAM - 20 - 60 : 0;
    }

    /** Whether the TAP was opened with offloads ({@link #open(String, boolean)}). */
    public boolean offload() {
        return offload;
    }

    @Override
    public byte[] receive() throws IOException {
        while (true) {
            long length = Libc.read(fd, receiveBuffer, BUFFER_SIZE);
            if (length == -Libc.EAGAIN || length == -Libc.EINTR) {
                return null;
            }
            if (length == -Libc.EBADFD) {
                throw new TapException(TapException.Kind.NO_SUCH_INTERFACE, "interface " + name + " was deleted");
            }
            if (length < 0) {
                throw systemError("reading " + name, (int) -length);
            }
            if (!offload) {
                return Arrays.copyOf(receiveBuffer, (int) length);
            }
            int frameLength = (int) length - VirtioNetHeader.LENGTH;
            if (frameLength > 0 && VirtioNetHeader.parse(receiveBuffer)
                    .finishChecksum(receiveSegment, VirtioNetHeader.LENGTH, frameLength)) {
                return Arrays.copyOfRange(receiveBuffer, VirtioNetHeader.LENGTH, (int) length);
            }
            // Offsets outside the frame: not something the kernel hands out; skip it, as a NIC drops a bad one.
        }
    }

    /**
     * Queues one frame for the writer thread, which writes it after the next {@link #flush} (or once enough frames
     * wait); the array is written later, so the caller must not change it after.
     * Waits while the writer's ring is full. A frame the kernel refuses because the interface is down (EIO) or its
     * queue is full (EAGAIN) is lost, as on a wire, and the protocols above recover as they would from any loss.
     *
     * @throws TapException when an earlier write failed (the interface was deleted, say)
     */
    @Override
    public void send(byte[] frame) throws IOException {
        if (frame.length > MAX_FRAME) {
            throw new IllegalArgumentException("a frame of " + frame.length + " bytes is larger than a TAP carries");
        }
        writer.checkFailure();
        writer.send(frame);
    }

    /** Lets the writer thread write the frames sent since the last flush, merged where offloads allow. */
    @Override
    public void flush() {
        writer.flush();
    }

    @Override
    public void await(long timeoutNanos) throws IOException {
        writer.flush(); // never sleep on frames the writer cannot see
        long millis = Math.ceilDiv(Math.max(0, timeoutNanos), NANOS_PER_MILLI);
        int ready = Libc.poll(pollFds, 2, (int) Math.min(Integer.MAX_VALUE, millis));
        if (ready == -Libc.EINTR) {
            return;
        }
        if (ready < 0) {
            throw systemError("poll", -ready);
        }
        short wakeEvents = pollFds.get(ValueLayout.JAVA_SHORT, Libc.POLLFD_SIZE + Libc.POLLFD_REVENTS_OFFSET);
        if ((wakeEvents & Libc.POLLIN) != 0) {
            Libc.read(wakeFd, wakeCounter, Long.BYTES); // resets the eventfd to zero
        }
    }

    @Override
    public synchronized void wakeUp() {
        if (!closed) {
            Libc.write(wakeFd, one, Long.BYTES);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close(); // the frames handed over, such as the FINs of a shutdown, go out first
        Libc.close(fd);
        Libc.close(wakeFd);
        arena.close();
    }

    @Override
    public String toString() {
        return "tap " + name;
    }

    // ---- opening -----------------------------------------------------------------------------------------------

    private static void checkName(String name) {
        // The kernel's dev_valid_name(): 1..15 bytes, not "." or "..", no '/', ':' or white space.
        boolean valid = name != null && !name.isEmpty() && name.length() < Libc.IFNAMSIZ
                && !name.equals(".") && !name.equals("..")
                && name.chars().allMatch(c -> c > ' ' && c < 0x7f && c != '/' && c != ':');
        if (!valid) {
            throw new IllegalArgumentException("not an interface name (1 to 15 characters, no '/', ':' or spaces): "
                    + name);
        }
    }

    private static MemorySegment ifreq(Arena arena, String name) {
        MemorySegment ifreq = arena.allocate(Libc.IFREQ_SIZE);
        ifreq.setString(0, name, StandardCharsets.US_ASCII);
        return ifreq;
    }

    /** Checks through an ordinary socket that the interface exists in this namespace and is up; returns its MTU. */
    private static int inspect(String name, MemorySegment ifreq) throws TapException {
        int socket = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (socket < 0) {
            throw systemError("socket", -socket);
        }
        try {
            int flags = Libc.ioctl(socket, Libc.SIOCGIFFLAGS, ifreq);
            if (flags == -Libc.ENODEV || flags == -Libc.ENXIO) {
                throw new TapException(TapException.Kind.NO_SUCH_INTERFACE, "no such interface " + name
                        + "; create it with: ip tuntap add dev " + name + " mode tap && ip link set " + name
                        + " up && ip addr add 10.77.0.1/24 dev " + name);
            }
            if (flags < 0) {
                throw systemError("reading the flags of " + name, -flags);
            }
            if ((ifreq.get(ValueLayout.JAVA_SHORT, Libc.IFREQ_UNION_OFFSET) & Libc.IFF_UP) == 0) {
                throw new TapException(TapException.Kind.DOWN, "interface " + name + " is down; bring it up with: ip"
                        + " link set " + name + " up");
            }
            int mtu = Libc.ioctl(socket, Libc.SIOCGIFMTU, ifreq);
            if (mtu < 0) {
                throw systemError("reading the MTU of " + name, -mtu);
            }
            return ifreq.get(ValueLayout.JAVA_INT, Libc.IFREQ_UNION_OFFSET);
        } finally {
            Libc.close(socket);
        }
    }

    private static TapException openFailure(int errno) {
        return switch (errno) {
            case Libc.EPERM, Libc.EACCES -> new TapException(TapException.Kind.NO_PERMISSION, "no permission to open "
                    + CLONE_DEVICE + ": run as root or with CAP_NET_ADMIN (sudo setcap cap_net_admin+ep on the java"
                    + " binary)");
            case Libc.ENOENT, Libc.ENODEV, Libc.ENXIO -> new TapException(TapException.Kind.NO_TUN_DEVICE,
                    "no such device " + CLONE_DEVICE + ": load the tun module (modprobe tun) or, in a container,"
                            + " pass the device in (--device /dev/net/tun)");
            default -> systemError("opening " + CLONE_DEVICE, errno);
        };
    }

    private static TapException attachFailure(String name, int errno) {
        return switch (errno) {
            case Libc.EPERM, Libc.EACCES -> new TapException(TapException.Kind.NO_PERMISSION, "no permission to"
                    + " attach to " + name + ": run as root or with CAP_NET_ADMIN, or create the TAP for your user"
                    + " (ip tuntap add dev " + name + " mode tap user $USER)");
            case Libc.EBUSY -> new TapException(TapException.Kind.BUSY, "interface " + name + " is busy: another"
                    + " process has it open (find it with: fuser -v " + CLONE_DEVICE + ")");
            case Libc.EINVAL -> new TapException(TapException.Kind.NOT_A_TAP, name + " is not a TAP interface (a"
                    + " TUN, multi-queue, or another kind of link); create one with: ip tuntap add dev NAME mode tap");
            default -> systemError("attaching to " + name, errno);
        };
    }

    private static TapException systemError(String what, int errno) {
        return new TapException(TapException.Kind.SYSTEM_ERROR, what + " failed: " + Libc.strerror(errno));
    }
}
