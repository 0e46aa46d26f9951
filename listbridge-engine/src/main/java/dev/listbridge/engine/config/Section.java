package dev.listbridge.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of the config, read key by key. Every problem is reported with the line of the
 * node concerned and the dotted path of the key; readers return null for absent or wrong values, so
 * that one pass finds every error.
 */
final class Section {
    /** A key and its value node, the key's node kept for its line. */
    record Entry(ScalarNode key, Node value) {
    }

    private final String path;
    private final Node anchor;
    private final Problems problems;
    private final Env env;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * @param path   the dotted path, "" at the top level
     * @param anchor the node an error about a missing key points at (the section's key, or the document)
     */
    Section(String path, Node anchor, MappingNode node, Problems problems, Env env) {
        this.path = path;
        this.anchor = anchor;
        this.problems = problems;
        this.env = env;
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple tuple : node.getValue()) {
            if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                collectMerged(tuple.getValueNode(), merged);
            } else if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                problems.add(tuple.getKeyNode(), path.isEmpty() ? null : path, "a key must be a plain name, was "
                        + kind(tuple.getKeyNode()));
            } else {
                Entry first = entries.get(key.getValue());
                if (first != null) {
                    problems.add(key, child(key.getValue()), "duplicate key; already given at line "
                            + (first.key().getStartMark().getLine() + 1) + " (only one may stay)");
                } else {
                    entries.put(key.getValue(), new Entry(key, tuple.getValueNode()));
                }
            }
        }
        // explicit keys win over merged ones ("<<: *defaults"), wherever they are written
        for (NodeTuple tuple : merged) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                entries.putIfAbsent(key.getValue(), new Entry(key, tuple.getValueNode()));
            }
        }
    }

    private void collectMerged(Node value, List<NodeTuple> into) {
        if (value instanceof MappingNode mapping) {
            into.addAll(mapping.getValue());
        } else if (value instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> collectMerged(item, into));
        } else {
            problems.add(value, path.isEmpty() ? null : path, "'<<' must be followed by a mapping or an alias of one");
        }
    }

    String path() {
        return path;
    }

    /** The dotted path of a key of this section. */
    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The keys in the file's order. */
    Set<String> keys() {
        return entries.keySet();
    }

    Entry entry(String key) {
        return entries.get(key);
    }

    /** Whether the key is given with a value (not empty, not null). */
    boolean has(String key) {
        Entry entry = entries.get(key);
        return entry != null && !isNull(entry.value());
    }

    /** Reports every key not in {@code allowed}, suggesting the closest allowed one. */
    void allowOnly(Collection<String> allowed) {
        for (Entry entry : entries.values()) {
            String key = entry.key().getValue();
            if (!allowed.contains(key)) {
                String suggestion = Suggestions.closest(key, allowed);
                problems.add(entry.key(), child(key), suggestion != null
                        ? "unknown key; did you mean '" + suggestion + "'?"
                        : "unknown key; expected one of " + String.join(", ", allowed));
            }
        }
    }

    /** A string value with variables substituted; null when absent, empty or wrong. */
    String string(String key) {
        Entry entry = entries.get(key);
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        return scalar(entry.value(), child(key), "a string");
    }

    /** Like {@link #string} but reports a missing key, saying what it is for. */
    String required(String key, String meaning) {
        if (!has(key)) {
            missing(key, meaning);
            return null;
        }
        return string(key);
    }

    /** A scalar's text with variables substituted, or null after reporting a wrong type. */
    String scalar(Node node, String keyPath, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, keyPath, "expected " + expected + ", was " + kind(node));
            return null;
        }
        return env.substitute(scalar.getValue(), node, keyPath, problems);
    }

    void missing(String key, String meaning) {
        Entry entry = entries.get(key);
        String where = path.isEmpty() ? "the top level" : path;
        if (entry != null) {
            problems.add(entry.value(), child(key), "no value given; expected " + meaning);
        } else {
            problems.add(anchor, child(key), "required key missing from " + where + ": " + meaning);
        }
    }

    /** A nested mapping; null when absent or wrong. */
    Section section(String key) {
        Entry entry = entries.get(key);
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        if (!(entry.value() instanceof MappingNode mapping)) {
            problems.add(entry.value(), child(key), "expected a mapping (indented key: value lines), was "
                    + kind(entry.value()));
            return null;
        }
        return new Section(child(key), entry.key(), mapping, problems, env);
    }

    Section requiredSection(String key, String meaning) {
        if (!has(key)) {
            missing(key, meaning);
            return null;
        }
        return section(key);
    }

    /** A mapping of names to strings, in the file's order; empty when absent. */
    Map<String, String> strings(String key) {
        Section section = section(key);
        Map<String, String> values = new LinkedHashMap<>();
        if (section != null) {
            for (String name : section.keys()) {
                String value = section.string(name);
                if (value != null) {
                    values.put(name, value);
                }
            }
        }
        return values;
    }

    /** A list of strings ({@code [a, b]} or {@code - a} lines); empty when absent. */
    List<String> stringList(String key) {
        Entry entry = entries.get(key);
        List<String> values = new ArrayList<>();
        if (entry == null || isNull(entry.value())) {
            return values;
        }
        if (!(entry.value() instanceof SequenceNode sequence)) {
            problems.add(entry.value(), child(key), "expected a list like [a, b], was " + kind(entry.value()));
            return values;
        }
        for (Node item : sequence.getValue()) {
            String value = scalar(item, child(key), "a string in the list");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** A whole number of at least {@code min}; null when absent or wrong. */
    Integer integer(String key, int min) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(entries.get(key).value(), child(key), "expected a whole number of at least " + min
                + Problems.was(child(key), text));
        return null;
    }

    /** An enum constant in the config's spelling; null when absent or wrong. */
    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        E value = Spelling.parse(type, text);
        if (value == null) {
            problems.add(entries.get(key).value(), child(key), "expected one of "
                    + String.join(", ", Spelling.all(type)) + Problems.was(child(key), text));
        }
        return value;
    }

    /** A positive duration like {@code 2s}; null when absent or wrong. */
    Duration duration(String key) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Durations.parse(text);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
            problems.add(entries.get(key).value(), child(key), "expected a duration longer than zero"
                    + Problems.was(child(key), text));
        } catch (IllegalArgumentException e) {
            problems.add(entries.get(key).value(), child(key), e.getMessage() + Problems.was(child(key), text));
        }
        return null;
    }

    /** Reports a problem with the section as a whole, at its key. */
    void report(String message) {
        problems.add(anchor, path.isEmpty() ? null : path, message);
    }

    /** Reports a wrong value of a key given in this section. */
    void invalid(String key, String message) {
        problems.add(entries.get(key).value(), child(key), message);
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** How a node is described in messages, never with its value. */
    static String kind(Node node) {
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        return isNull(node) ? "empty" : "a single value";
    }
}
