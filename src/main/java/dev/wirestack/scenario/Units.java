package dev.wirestack.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the quantities people write in scenarios: durations ({@code 10ms}, {@code 1.5s}, {@code 200us}),
 * bandwidths ({@code 10Mbit}, {@code 100 Mbit/s}, {@code 1Gbps}) and byte counts ({@code 64KiB}, {@code 2MB},
 * {@code 1500}). A bad quantity is an {@link IllegalArgumentException} whose message says what was expected.
 */
final class Units {
    private static final Pattern QUANTITY = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-zA-Z/]*)\\s*");
    private static final Map<String, Long> TIME_NANOS = Map.of("ns", 1L, "us", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L);
    private static final Map<String, Long> BITS = Map.ofEntries(Map.entry("", 1L), Map.entry("bit", 1L),
            Map.entry("bps", 1L), Map.entry("kbit", 1_000L), Map.entry("kbps", 1_000L),
            Map.entry("mbit", 1_000_000L), Map.entry("mbps", 1_000_000L), Map.entry("gbit", 1_000_000_000L),
            Map.entry("gbps", 1_000_000_000L));
    private static final Map<String, Long> BYTES = Map.of("", 1L, "b", 1L, "kb", 1_000L, "kib", 1_024L,
            "mb", 1_000_000L, "mib", 1_048_576L, "gb", 1_000_000_000L, "gib", 1_073_741_824L);

    private Units() {
    }

    static Duration duration(String text) {
        BigDecimal nanos = scaled(text, TIME_NANOS, false, "a duration (like 10ms, 1.5s, 200us)");
        return Duration.ofNanos(nanos.longValueExact());
    }

    static long bitsPerSecond(String text) {
        return scaled(text.replace("/s", ""), BITS, true, "a bandwidth (like 10Mbit, 100 Mbit/s, 1Gbps)")
                .longValueExact();
    }

    static long bytes(String text) {
        return scaled(text, BYTES, true, "a byte count (like 1500, 64KiB, 2MB)").longValueExact();
    }

    private static BigDecimal scaled(String text, Map<String, Long> units, boolean caseless, String expected) {
        Matcher m = QUANTITY.matcher(text);
        String unit = m.matches() ? (caseless ? m.group(2).toLowerCase(Locale.ROOT) : m.group(2)) : null;
        Long factor = unit == null ? null : units.get(unit);
        if (factor == null) {
            throw new IllegalArgumentException("'" + text + "' is not " + expected);
        }
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor));
        if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return value.setScale(0, java.math.RoundingMode.HALF_UP);
    }
}
