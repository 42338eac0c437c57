package dev.wirestack.runtime;

import java.time.Duration;
import java.util.Locale;

/**
 * What a {@link FaultInjector} does to the frames crossing it, the same in each direction: each frame is lost with
 * probability {@code loss}, else delayed by {@code delayNanos}, held back a further {@code max(delay, 1 ms)} with
 * probability {@code reorder} (so that frames behind it overtake it), and sent twice with probability
 * {@code duplicate}. Decisions come from a generator seeded with {@code seed}.
 *
 * <p>As a flag: {@code loss=0.03,delay=10ms,reorder=0.01,duplicate=0.01,seed=7} (probabilities as fractions or
 * percentages such as {@code 3%}; delays in {@code us}, {@code ms} or {@code s}; every key optional).
 */
public record Impairment(double loss, long delayNanos, double reorder, double duplicate, long seed) {
    public static final Impairment NONE = new Impairment(0, 0, 0, 0, 0);
    /** Delays beyond this are surely a typo, and would hold a great many frames. */
    private static final long MAX_DELAY_NANOS = Duration.ofSeconds(10).toNanos();

    public Impairment {
        requireProbability("loss", loss);
        requireProbability("reorder", reorder);
        requireProbability("duplicate", duplicate);
        if (delayNanos < 0 || delayNanos > MAX_DELAY_NANOS) {
            throw new IllegalArgumentException("delay is 0 to 10 s, not " + delayNanos + " ns");
        }
    }

    /** True when frames pass untouched. */
    public boolean isNone() {
        return loss == 0 && delayNanos == 0 && reorder == 0 && duplicate == 0;
    }

    /** Parses the flag form; IllegalArgumentException, naming the bad part, otherwise. */
    public static Impairment parse(String text) {
        double loss = 0;
        long delay = 0;
        double reorder = 0;
        double duplicate = 0;
        long seed = 1;
        for (String part : text.split(",")) {
            String[] keyValue = part.strip().split("=", 2);
            if (keyValue.length != 2) {
                throw new IllegalArgumentException("an impairment is KEY=VALUE (loss, delay, reorder, duplicate,"
                        + " seed), not '" + part.strip() + "'");
            }
            String value = keyValue[1].strip();
            switch (keyValue[0].strip().toLowerCase(Locale.ROOT)) {
                case "loss" -> loss = probability("loss", value);
                case "delay" -> delay = duration(value);
                case "reorder" -> reorder = probability("reorder", value);
                case "duplicate" -> duplicate = probability("duplicate", value);
                case "seed" -> seed = number("seed", value);
                default -> throw new IllegalArgumentException("unknown impairment '" + keyValue[0].strip()
                        + "': use loss, delay, reorder, duplicate or seed");
            }
        }
        return new Impairment(loss, delay, reorder, duplicate, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "loss=%s,delay=%sus,reorder=%s,duplicate=%s,seed=%d", loss,
                delayNanos / 1000, reorder, duplicate, seed);
    }

    private static double probability(String key, String value) {
        boolean percent = value.endsWith("%");
        double number;
        try {
            number = Double.parseDouble(percent ? value.substring(0, value.length() - 1) : value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is a probability such as 0.03 or 3%, not '" + value + "'");
        }
        double fraction = percent ? number / 100 : number;
        requireProbability(key, fraction);
        return fraction;
    }

    private static long duration(String value) {
        String[][] units = {{"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"}};
        for (String[] unit : units) {
            if (value.endsWith(unit[0])) {
                try {
                    double amount = Double.parseDouble(value.substring(0, value.length() - unit[0].length()));
                    return Math.round(amount * Long.parseLong(unit[1]));
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException("delay is a duration such as 10ms, 500us or 1s, not '" + value + "'");
    }

    private static long number(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is a whole number, not '" + value + "'");
        }
    }

    private static void requireProbability(String key, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + " is a probability from 0 to 1 (0% to 100%), not " + value);
        }
    }
}
