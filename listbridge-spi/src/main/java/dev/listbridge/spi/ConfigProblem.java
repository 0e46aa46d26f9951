package dev.listbridge.spi;

import java.util.Objects;

/**
 * One thing wrong with a configuration: the key (a dotted path relative to the section the
 * validator was given, e.g. {@code apiKey}) and what is expected there.
 */
public record ConfigProblem(String key, String message) {
    public ConfigProblem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
