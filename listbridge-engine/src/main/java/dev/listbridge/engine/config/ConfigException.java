package dev.listbridge.engine.config;

import java.util.List;
import java.util.stream.Collectors;

/** A config file that cannot be used, with every error found in it (in file order). */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining(System.lineSeparator())));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** Every error, never empty. */
    public List<ConfigError> errors() {
        return errors;
    }
}
