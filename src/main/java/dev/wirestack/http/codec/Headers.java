package dev.wirestack.http.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The header (or trailer) fields of a message, in the order they came: names compare case-insensitively (RFC 9110
 * section 5.1), values are kept as sent, without the optional whitespace around them. Immutable.
 */
public record Headers(List<Field> fields) {
    public static final Headers EMPTY = new Headers(List.of());

    /** One field line; the name keeps the case it was sent with. */
    public record Field(String name, String value) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public Headers {
        fields = List.copyOf(fields);
    }

    /** Headers from alternating names and values: {@code of("Host", "example", "Accept", "*\/*")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        List<Field> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new Field(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Headers(list);
    }

    /** The first value of {@code name}, or null. */
    public String get(String name) {
        for (Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return field.value();
            }
        }
        return null;
    }

    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
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

    public boolean hasToken(String name, String token) {
        return tokens(name).contains(token.toLowerCase(Locale.ROOT));
    }

    /** These fields and one more at the end. */
    public Headers with(String name, String value) {
        List<Field> list = new ArrayList<>(fields);
        list.add(new Field(name, value));
        return new Headers(list);
    }

    /** These fields with every {@code name} field replaced by one with {@code value}. */
    public Headers set(String name, String value) {
        return without(name).with(name, value);
    }

    public Headers without(String name) {
        return new Headers(fields.stream().filter(f -> !f.name().equalsIgnoreCase(name)).toList());
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
