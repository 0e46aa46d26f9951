package dev.listbridge.engine.config;

import java.nio.file.Path;

/**
 * One thing wrong with a config file. Never contains a secret's value.
 *
 * @param file    the config file as given
 * @param line    1-based line, or 0 when the error concerns the whole file
 * @param column  1-based column, or 0 when the error concerns the whole file
 * @param key     the dotted path of the key concerned, e.g. {@code audiences.newsletter.addressChange}, or
 *                null when the error concerns no key (the file cannot be read, malformed YAML)
 * @param message what is wrong and what is expected, e.g. {@code expected one of transfer, reconfirm, drop; was 'move'}
 */
public record ConfigError(Path file, int line, int column, String key, String message) {

    /** {@code listbridge.yml:23:20: audiences.newsletter.addressChange: expected one of …; was 'move'}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            text.append(':').append(line).append(':').append(column);
        }
        text.append(": ");
        if (key != null) {
            text.append(key).append(": ");
        }
        return text.append(message).toString();
    }
}
