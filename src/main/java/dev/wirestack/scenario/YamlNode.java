package dev.wirestack.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A node of a YAML document with its path ({@code links[1].loss}) and line, and typed reads that fail with a
 * {@link ScenarioFileException} naming both. Mappings refuse keys the reader does not know, so a misspelt field is
 * an error rather than a silently ignored line.
 */
final class YamlNode {
    private final String file;
    private final String path;
    private final Node node;

    YamlNode(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    int line() {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    ScenarioFileException error(String problem) {
        return new ScenarioFileException(file, line(), path, problem);
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    /** The mapping's entries in file order, after checking every key is one of {@code allowed}. */
    Map<String, YamlNode> fields(Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping (key: value lines)");
        }
        Map<String, YamlNode> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode key = new YamlNode(file, path, tuple.getKeyNode());
            String name = key.text();
            String childPath = path.isEmpty() ? name : path + "." + name;
            if (!allowed.contains(name)) {
                throw new YamlNode(file, childPath, tuple.getKeyNode()).error("unknown field (expected one of "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
            if (fields.put(name, new YamlNode(file, childPath, tuple.getValueNode())) != null) {
                throw new YamlNode(file, childPath, tuple.getKeyNode()).error("given twice");
            }
        }
        return fields;
    }

    /** The items of a sequence; a single value counts as a sequence of one. */
    List<YamlNode> items() {
        if (!(node instanceof SequenceNode sequence)) {
            return List.of(this);
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            items.add(new YamlNode(file, path + "[" + i + "]", sequence.getValue().get(i)));
        }
        return items;
    }

    String text() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value");
        }
        return scalar.getValue();
    }

    /** A non-empty word: a name, an address. */
    String name() {
        String text = text().strip();
        if (text.isEmpty()) {
            throw error("must not be empty");
        }
        return text;
    }

    boolean bool() {
        return switch (text()) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("'" + text() + "' is not true or false");
        };
    }

    long integer(long min, long max) {
        long value;
        try {
            value = Long.parseLong(text().strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw error("'" + text() + "' is not a whole number");
        }
        return inRange(value, min, max);
    }

    int integer(int min, int max) {
        return (int) integer((long) min, max);
    }

    double probability() {
        double value;
        try {
            value = Double.parseDouble(text().strip());
        } catch (NumberFormatException e) {
            throw error("'" + text() + "' is not a number");
        }
        if (!(value >= 0 && value <= 1)) {
            throw error(text().strip() + " is not a probability (0 to 1)");
        }
        return value;
    }

    Duration duration() {
        try {
            return Units.duration(text());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(e.getMessage());
        }
    }

    long bitsPerSecond() {
        try {
            return Units.bitsPerSecond(text());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(e.getMessage());
        }
    }

    long bytes(long min, long max) {
        long value;
        try {
            value = Units.bytes(text());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw error(e.getMessage());
        }
        return inRange(value, min, max);
    }

    /** One of {@code choices}, as written. */
    String choice(Set<String> choices) {
        String value = text().strip();
        if (!choices.contains(value)) {
            throw error("'" + value + "' is not one of " + String.join(", ", choices.stream().sorted().toList()));
        }
        return value;
    }

    private long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw error(value + " is out of range (" + min + " to " + max + ")");
        }
        return value;
    }

    /** Checks that the mapping {@code fields} holds each of {@code required}. */
    void require(Map<String, YamlNode> fields, String... required) {
        Set<String> missing = new HashSet<>();
        for (String name : required) {
            if (!fields.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw error("missing " + String.join(", ", missing.stream().sorted().toList()));
        }
    }
}
