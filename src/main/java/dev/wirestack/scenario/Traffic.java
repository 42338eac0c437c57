package dev.wirestack.scenario;

import java.time.Duration;
import java.util.List;

/** What the applications of a scenario do, each item starting at its time {@code at}. */
public sealed interface Traffic {
    /** A bulk transfer's data is held in memory to check it arrived intact: 64 MiB at most. */
    int MAX_TCP_BYTES = 64 << 20;

    Duration at();

    /** The hosts it involves, which the scenario checks exist. */
    List<String> hosts();

    /** A short name for reports: {@code tcp client→server:5001}. */
    String label();

    /** {@code count} echo requests of {@code size} data bytes, one every {@code interval}. */
    record Ping(String from, String to, int count, Duration interval, int size, Duration at) implements Traffic {
        public Ping {
            requireRange("ping count", count, 1, 65535);
            requireRange("ping size", size, 0, 65507);
        }

        public List<String> hosts() {
            return List.of(from, to);
        }

        public String label() {
            return "ping " + from + "→" + to;
        }
    }

    /** Echo requests with TTL 1, 2, 3... until the destination answers, as {@code traceroute -I}. */
    record Traceroute(String from, String to, int maxTtl, Duration at) implements Traffic {
        public Traceroute {
            requireRange("traceroute max TTL", maxTtl, 1, 255);
        }

        public List<String> hosts() {
            return List.of(from, to);
        }

        public String label() {
            return "traceroute " + from + "→" + to;
        }
    }

    /**
     * A bulk transfer: {@code from} connects to {@code to}:{@code port}, writes {@code bytes} and closes; the receiver
     * reads it all (starting only after {@code readDelay}, so a zero window can be seen) and closes too.
     */
    record TcpBulk(String from, String to, int port, int bytes, Duration readDelay, TcpSettings tcp, Duration at)
            implements Traffic {
        public TcpBulk {
            requireRange("TCP port", port, 1, 65535);
            requireRange("TCP bytes", bytes, 1, MAX_TCP_BYTES);
        }

        public List<String> hosts() {
            return List.of(from, to);
        }

        public String label() {
            return "tcp " + from + "→" + to + ":" + port;
        }
    }

    /**
     * Requests and responses: per round {@code from} makes one write per entry of {@code writes} (a header, then a
     * body, as a naive client does), then waits for {@code response} bytes; the server answers once it has the whole
     * request. With Nagle on, the second small write waits for the ACK of the first, which the server delays.
     */
    record TcpRequests(String from, String to, int port, List<Integer> writes, int response, int rounds,
                       TcpSettings tcp, Duration at) implements Traffic {
        public TcpRequests {
            writes = List.copyOf(writes);
            requireRange("TCP port", port, 1, 65535);
            requireRange("rounds", rounds, 1, 10_000);
            requireRange("response bytes", response, 1, 1 << 20);
            if (writes.isEmpty() || writes.stream().anyMatch(w -> w < 1 || w > 1 << 20)) {
                throw new IllegalArgumentException("writes are 1 byte to 1 MiB each, at least one");
            }
        }

        public List<String> hosts() {
            return List.of(from, to);
        }

        public String label() {
            return "requests " + from + "→" + to + ":" + port + (tcp.noDelay() ? " (nodelay)" : " (Nagle)");
        }
    }

    /** A connection on which both ends call close at the same moment, {@code closeAfter} after it opened. */
    record TcpCloseTogether(String from, String to, int port, Duration closeAfter, TcpSettings tcp, Duration at)
            implements Traffic {
        public TcpCloseTogether {
            requireRange("TCP port", port, 1, 65535);
        }

        public List<String> hosts() {
            return List.of(from, to);
        }

        public String label() {
            return "simultaneous close " + from + "↔" + to;
        }
    }

    /**
     * Both hosts connect to each other at the same moment, each from the port the other dials (RFC 9293 section 3.5,
     * figure 8), as two peers behind NATs do when they punch a hole for TCP.
     */
    record TcpOpenTogether(String a, String b, TcpSettings tcp, Duration at) implements Traffic {
        public List<String> hosts() {
            return List.of(a, b);
        }

        public String label() {
            return "simultaneous open " + a + "↔" + b;
        }
    }

    /** {@code datagrams} UDP datagrams of {@code size} bytes, one every {@code interval}, counted at the receiver. */
    record UdpBlast(String from, String to, int port, int datagrams, int size, Duration interval, Duration at)
            implements Traffic {
        public UdpBlast {
            requireRange("UDP port", port, 1, 65535);
            requireRange("UDP datagrams", datagrams, 1, 1_000_000);
            requireRange("UDP size", size, 0, 65507);
        }

        public List<String> hosts() {
            return List.of(from, to);
        }

        public String label() {
            return "udp " + from + "→" + to + ":" + port;
        }
    }

    /**
     * HTTP GETs: {@code server} runs an HTTP server on {@code port} that answers {@code path} with a generated body of
     * {@code bytes} bytes; {@code client} fetches it {@code requests} times, one after the other, on the connections
     * its pool keeps alive (one, when nothing fails), and checks every body.
     */
    record HttpGet(String client, String server, int port, String path, int bytes, int requests, TcpSettings tcp,
                   Duration at) implements Traffic {
        public HttpGet {
            requireRange("HTTP port", port, 1, 65535);
            requireRange("HTTP bytes", bytes, 1, MAX_TCP_BYTES);
            requireRange("HTTP requests", requests, 1, 10_000);
            requirePath(path);
        }

        /** Only what needs no percent-encoding, so the path the client sends is the one the server compares. */
        static void requirePath(String path) {
            if (!path.matches("/[A-Za-z0-9._~/-]*")) {
                throw new IllegalArgumentException("'" + path + "' is not a path: / then letters, digits, ._~/-");
            }
        }

        public List<String> hosts() {
            return List.of(client, server);
        }

        public String label() {
            return "http " + client + "→" + server + ":" + port + path;
        }
    }

    private static void requireRange(String what, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + " to " + max + ": " + value);
        }
    }
}
