package dev.listbridge.engine.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** The errors found while loading one config file. */
final class Problems {
    private final Path file;
    private final List<ConfigError> errors = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    /** An error at a node (its start), or concerning the whole file when node is null. */
    void add(Node node, String key, String message) {
        add(node == null ? null : node.getStartMark(), key, message);
    }

    void add(Mark mark, String key, String message) {
        int line = mark == null ? 0 : mark.getLine() + 1;
        int column = mark == null ? 0 : mark.getColumn() + 1;
        errors.add(new ConfigError(file, line, column, key, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    /** The errors in file order. */
    List<ConfigError> sorted() {
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt(ConfigError::line).thenComparingInt(ConfigError::column));
        return sorted;
    }

    /** How a value is quoted in a message: not at all when the key holds a secret. */
    static String was(String path, String value) {
        return Secrets.isSecretPath(path) ? "" : "; was '" + value + "'";
    }
}
