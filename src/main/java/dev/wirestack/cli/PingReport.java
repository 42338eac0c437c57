package dev.wirestack.cli;

import dev.wirestack.icmp.PingEvent;
import dev.wirestack.wire.Ipv4Address;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What ping prints, as iputils ping prints it: the banner, one line per reply or error, and the statistics. It is
 * told of each request sent and each event heard, with their times; it never reads a clock itself.
 */
final class PingReport {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final PrintWriter out;
    private final Ipv4Address destination;
    private final Map<Integer, Long> sentAt = new HashMap<>();
    private long firstSent = -1;
    private long lastSent;
    private int transmitted;
    private int received;
    private int duplicates;
    private int errors;
    private double sumMillis;
    private double sumSquaresMillis;
    private double minMillis = Double.MAX_VALUE;
    private double maxMillis;

    PingReport(PrintWriter out, Ipv4Address destination, int payloadSize) {
        this.out = out;
        this.destination = destination;
        out.printf("PING %s (%s) %d(%d) bytes of data.%n", destination, destination, payloadSize, payloadSize + 28);
    }

    void sent(int sequence, long timeNanos) {
        if (firstSent < 0) {
            firstSent = timeNanos;
        }
        lastSent = timeNanos;
        transmitted++;
        sentAt.put(sequence, timeNanos);
    }

    void heard(PingEvent event) {
        switch (event) {
            case PingEvent.Reply reply -> reply(reply);
            case PingEvent.Error error -> {
                errors++;
                out.printf("From %s icmp_seq=%d %s%n", error.reporter(), error.sequence(), error.describe());
            }
        }
    }

    private void reply(PingEvent.Reply reply) {
        Long sent = sentAt.get(reply.sequence());
        if (sent == null) {
            return; // not one of ours: another ping's echo, or a sequence number we never used
        }
        double millis = (reply.timeNanos() - sent) / (double) NANOS_PER_MILLI;
        boolean duplicate = sentAt.put(reply.sequence(), Long.MIN_VALUE) == Long.MIN_VALUE;
        if (duplicate) {
            duplicates++;
        } else {
            received++;
            sumMillis += millis;
            sumSquaresMillis += millis * millis;
            minMillis = Math.min(minMillis, millis);
            maxMillis = Math.max(maxMillis, millis);
        }
        String time = duplicate ? "" : " time=" + rttText(millis) + " ms";
        out.printf("%d bytes from %s: icmp_seq=%d ttl=%d%s%s%n", reply.data().length + 8, reply.from(),
                reply.sequence(), reply.ttl(), time, duplicate ? " (DUP!)" : "");
    }

    /** Requests answered so far, by a reply or an error: ping -c N stops once N are. */
    int answered() {
        return received + errors;
    }

    /** The statistics block; the exit code ping would return (0 with replies, 1 without). */
    int finish() {
        out.println();
        out.printf("--- %s ping statistics ---%n", destination);
        StringBuilder line = new StringBuilder()
                .append(transmitted).append(" packets transmitted, ").append(received).append(" received");
        if (duplicates > 0) {
            line.append(", +").append(duplicates).append(" duplicates");
        }
        if (errors > 0) {
            line.append(", +").append(errors).append(" errors");
        }
        double lossPercent = transmitted == 0 ? 0 : (transmitted - received) * 100.0 / transmitted;
        line.append(", ").append(shortest(lossPercent)).append("% packet loss")
                .append(", time ").append(transmitted == 0 ? 0 : (lastSent - firstSent) / NANOS_PER_MILLI).append("ms");
        out.println(line);
        if (received > 0) {
            double mean = sumMillis / received;
            double mdev = Math.sqrt(Math.max(0, sumSquaresMillis / received - mean * mean));
            out.printf(Locale.ROOT, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms%n", minMillis, mean, maxMillis, mdev);
        }
        return received > 0 ? 0 : 1;
    }

    /** iputils keeps about three significant digits: 0.045, 1.23, 25.3, 125. */
    static String rttText(double millis) {
        if (millis >= 100) {
            return String.format(Locale.ROOT, "%d", (long) millis);
        } else if (millis >= 10) {
            return String.format(Locale.ROOT, "%.1f", millis);
        } else if (millis >= 1) {
            return String.format(Locale.ROOT, "%.2f", millis);
        }
        return String.format(Locale.ROOT, "%.3f", millis);
    }

    /** C's %g: six significant digits without trailing zeros (20, 33.3333). */
    static String shortest(double value) {
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
