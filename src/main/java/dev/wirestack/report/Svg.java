package dev.wirestack.report;

import java.util.Locale;

/** Small helpers for writing SVG and HTML text by hand: escaping, and numbers written the same on every machine. */
final class Svg {
    private Svg() {
    }

    /** {@code text} safe inside an XML/HTML element or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A coordinate with at most two decimals, in the root locale (never "1,5"). */
    static String num(double value) {
        String text = String.format(Locale.ROOT, "%.2f", value);
        // Trim "12.50" to "12.5" and "12.00" to "12": shorter files, same picture.
        if (text.contains(".")) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return text.equals("-0") ? "0" : text;
    }

    /** A virtual time as milliseconds with three decimals: {@code 12.345 ms}. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
