package dev.wirestack.scenario;

import dev.wirestack.sim.EthernetSwitch;
import dev.wirestack.sim.LinkSpec;
import dev.wirestack.sim.SimNetwork;
import dev.wirestack.stack.Counter;
import dev.wirestack.stack.Host;
import dev.wirestack.stack.TcpListener;
import dev.wirestack.stack.TcpSocket;
import dev.wirestack.tcp.TcpConfig;
import dev.wirestack.tcp.TcpError;
import dev.wirestack.wire.EthernetHeader;
import dev.wirestack.wire.Frames;
import dev.wirestack.wire.Ipv4Address;
import dev.wirestack.wire.Ipv4Header;
import dev.wirestack.wire.MacAddress;
import dev.wirestack.wire.SeqNum;
import dev.wirestack.wire.TcpHeader;
import dev.wirestack.wire.TcpOptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SYN flood (RFC 4987): an attacker on the server's LAN sends 100,000 SYNs from spoofed addresses that never
 * answer, far more than the listener's half-open queue holds. The queue stays at its limit, the SYNs beyond it get
 * SYN cookies and leave no state, and 100 legitimate clients connecting during the flood still get through, each
 * sending 1000 bytes and closing.
 *
 * <p>The memory bound, asserted after every spoofed SYN: the listener holds at most {@value #SYN_BACKLOG} half-open
 * connections, and the server's connection table at most {@value #SYN_BACKLOG} + {@value #CLIENTS} entries (the
 * half-open ones and the legitimate clients' connections, TIME_WAIT included). A connection's largest allocations
 * are its send and receive buffers, {@value #BUFFER_BYTES} bytes each with the listener's configuration here, so the
 * server's TCP state stays under (128 + 100) * 2 * 16 KiB = 7.1 MiB of buffers plus a few hundred bytes of
 * bookkeeping per connection, however many SYNs arrive.
 */
class TcpSynFloodTest {
    private static final long MS = 1_000_000L;
    private static final int SPOOFED_SYNS = 100_000;
    private static final int CLIENTS = 100;
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int SYN_BACKLOG = 128;
    private static final MacAddress ATTACKER_MAC = MacAddress.local(66);
    private static final MacAddress SERVER_MAC = MacAddress.local(3);

    @Test
    void legitimateClientsConnectAndTransfer_whileSpoofedSynsFillTheHalfOpenQueue() {
        SimNetwork network = new SimNetwork(11);
        Host client = network.addHost(Host.builder("client").iface(MacAddress.local(2), "10.1.0.2/24"));
        Host server = network.addHost(Host.builder("server").iface(SERVER_MAC, "10.1.0.3/24"));
        Injector attacker = network.add("attacker", new Injector());
        EthernetSwitch lan = network.addSwitch("sw", 3);
        LinkSpec spec = LinkSpec.ethernet1G().delay(Duration.ofNanos(50_000));
        network.link(client, 0, lan, 0, spec);
        network.link(server, 0, lan, 1, spec);
        network.link(attacker, 0, lan, 2, spec);

        TcpListener listener = server.tcpListen(Ipv4Address.ANY, 80, 64, SYN_BACKLOG,
                TcpConfig.DEFAULT.withBuffers(BUFFER_BYTES, BUFFER_BYTES));
        long[] receivedPerClient = new long[CLIENTS];
        int[] maxHalfOpen = new int[1];
        int[] maxConnections = new int[1];
        listener.onAccept(socket -> socket.onReadable(s -> {
            byte[] buffer = new byte[2048];
            int n;
            while ((n = s.read(buffer)) > 0) {
                receivedPerClient[buffer[0]] += n;
            }
            if (n < 0) {
                s.close();
            }
        }));

        // 100,000 spoofed SYNs over five seconds, from addresses in 10.66.0.0/16 (no route back: the SYN-ACKs die).
        SplittableRandom random = new SplittableRandom(66);
        for (int i = 0; i < SPOOFED_SYNS; i++) {
            byte[] frame = spoofedSyn(Ipv4Address.of(10, 66, random.nextInt(256), random.nextInt(256)),
                    1024 + random.nextInt(60000), random.nextInt());
            network.schedule(i * 50_000L, () -> {
                attacker.send(frame);
                maxHalfOpen[0] = Math.max(maxHalfOpen[0], listener.halfOpenCount());
                maxConnections[0] = Math.max(maxConnections[0], server.tcpConnectionCount());
            });
        }
        // Meanwhile, from 0.5 s, a legitimate client opens a connection every 40 ms and sends 1000 bytes on each.
        List<TcpSocket> sockets = new ArrayList<>();
        List<TcpError> errors = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            byte id = (byte) c;
            network.schedule(500 * MS + c * 40 * MS, () -> {
                TcpSocket socket = client.tcpConnect(Ipv4Address.parse("10.1.0.3"), 80);
                byte[] data = new byte[1000];
                Arrays.fill(data, id);
                socket.write(data);
                socket.shutdownOutput();
                socket.onReadable(s -> {
                    if (s.read(new byte[16]) < 0) {
                        s.close();
                    }
                }).onClosed((s, error) -> errors.add(error));
                sockets.add(socket);
            });
        }
        network.runFor(Duration.ofSeconds(6));

        assertThat(maxHalfOpen[0]).isEqualTo(SYN_BACKLOG);
        assertThat(maxConnections[0]).isGreaterThan(SYN_BACKLOG).isLessThanOrEqualTo(SYN_BACKLOG + CLIENTS);
        assertThat(listener.halfOpenCount()).isLessThanOrEqualTo(SYN_BACKLOG);
        assertThat(server.stats().get(Counter.TCP_SYN_COOKIES_SENT)).isGreaterThan(SPOOFED_SYNS - SYN_BACKLOG - 1);
        assertThat(server.stats().get(Counter.TCP_SYN_COOKIES_ACCEPTED)).isEqualTo(CLIENTS);
        assertThat(receivedPerClient).containsOnly(1000L);
        network.runFor(Duration.ofSeconds(120));
        assertThat(errors).hasSize(CLIENTS).containsOnlyNulls();
        // Every half-open connection gave up (SYN-ACK retries) and every TIME_WAIT ended: nothing is left.
        assertThat(server.tcpConnectionCount()).isZero();
        assertThat(client.tcpConnectionCount()).isZero();
    }

    private static byte[] spoofedSyn(Ipv4Address source, int port, int isn) {
        Ipv4Address server = Ipv4Address.parse("10.1.0.3");
        TcpHeader syn = new TcpHeader(port, 80, new SeqNum(isn), SeqNum.ZERO, TcpHeader.SYN, 64240, 0,
                TcpOptions.NONE.withMss(1460));
        byte[] segment = new byte[syn.length()];
        syn.emit(MemorySegment.ofArray(segment), MemorySegment.NULL, source, server);
        byte[] datagram = Frames.ipv4(Ipv4Header.of(source, server, Ipv4Header.PROTOCOL_TCP, 64, segment.length, 1),
                segment);
        return Frames.ethernet(EthernetHeader.untagged(SERVER_MAC, ATTACKER_MAC, EthernetHeader.ETHERTYPE_IPV4),
                datagram);
    }
}
