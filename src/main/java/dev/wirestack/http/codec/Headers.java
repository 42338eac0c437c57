package dev.wirestack.http.codec;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The header (or trailer) fields of a message, in the order they came: names compare case-insensitively (RFC 9110
 * section 5.1), values are kept as sent, without the optional whitespace around them. Immutable.
 */
public record Headers(List<Field> fields) {
    public static final Headers EMPTY = adopt(new Field[0]);

    /** One field line; the name keeps the case it was sent with. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public Headers {
        if (!(fields instanceof FieldArray)) {
            Field[] copy = fields.toArray(new Field[0]);
            for (Field field : copy) {
                Objects.requireNonNull(field, "field");
            }
            fields = new FieldArray(copy);
        }
    }

    /**
     * An immutable list over an array that only this class and the codec fill and then never touch again, so the
     * constructor takes it without the copy it makes of any other list: a head read or written is a few of these
     * per request. Every Headers holds one, so the codec's calls on the list have one receiver class to inline.
     */
    private static final class FieldArray extends AbstractList<Field> implements RandomAccess {
        private final Field[] array;

        FieldArray(Field[] array) {
            this.array = array;
        }

        @Override
        public Field get(int index) {
            return array[index];
        }

        @Override
        public int size() {
            return array.length;
        }
    }

    /** Headers over {@code fields}, which the caller built for them (none null) and hands over: it is not copied. */
    static Headers adopt(Field[] fields) {
        return new Headers(new FieldArray(fields));
    }

    /** Headers from alternating names and values: {@code of("Host", "example", "Accept", "*\/*")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        Field[] list = new Field[namesAndValues.length / 2];
        for (int i = 0; i < list.length; i++) {
            list[i] = new Field(namesAndValues[2 * i], namesAndValues[2 * i + 1]);
        }
        return adopt(list);
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (int i = 0; i < fields.size(); i++) { // indexed, here and below: no iterator per lookup on the hot path
            Field field = fields.get(i);
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return null;
    }

    public List<String> all(String name) {
        List<String> values = new ArrayList<>(2);
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (field.name().equalsIgnoreCase(name)) {
                values.add(field.value());
            }
        }
        return values;
    }

    /** How many {@code name} fields there are. */
    public int count(String name) {
        int count = 0;
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (field.name().equalsIgnoreCase(name)) {
                count++;
            }
        }
        return count;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    /** The lower-cased elements of every {@code name} field taken as a comma-separated list (RFC 9110 5.6.1). */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String value : all(name)) {
            for (String element : value.split(",", -1)) {
                String trimmed = element.strip();
                if (!trimmed.isEmpty()) {
                    tokens.add(trimmed.toLowerCase(Locale.ROOT));
                }
            }
        }
        return tokens;
    }

    /** Whether {@code token} is an element of the {@code name} fields' lists, compared case-insensitively. */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (field.name().equalsIgnoreCase(name) && listHas(field.value(), token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listHas(String list, String token) {
        int from = 0;
        while (from <= list.length()) {
            int comma = list.indexOf(',', from);
            int to = comma < 0 ? list.length() : comma;
            int start = from;
            while (start < to && Character.isWhitespace(list.charAt(start))) {
                start++;
            }
            int end = to;
            while (end > start && Character.isWhitespace(list.charAt(end - 1))) {
                end--;
            }
            if (end - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
            from = to + 1;
        }
        return false;
    }

    /** These fields and one more at the end. */
    public Headers with(String name, String value) {
        return with(new Field(name, value));
    }

    /** These fields and {@code more} after them, in one copy. */
    public Headers with(Field... more) {
        Field[] list = new Field[fields.size() + more.length];
        for (int i = 0; i < fields.size(); i++) {
            list[i] = fields.get(i);
        }
        for (int i = 0; i < more.length; i++) {
            list[fields.size() + i] = Objects.requireNonNull(more[i], "field");
        }
        return adopt(list);
    }

    /** These fields with every {@code name} field replaced by one with {@code value}. */
    public Headers set(String name, String value) {
        return without(name).with(name, value);
    }

    public Headers without(String name) {
        if (!has(name)) {
            return this;
        }
        List<Field> kept = new ArrayList<>(fields.size());
        for (Field field : fields) {
            if (!field.name().equalsIgnoreCase(name)) {
                kept.add(field);
            }
        }
        return new Headers(kept);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
