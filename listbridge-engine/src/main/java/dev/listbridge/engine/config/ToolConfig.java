package dev.listbridge.engine.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One tool connection, a section under {@code tools:}, named by its key. The connector of the given
 * type validates its own settings.
 *
 * @param name       the section's key, used by audiences and in webhook paths
 * @param type       required: the connector type, e.g. {@code mailchimp}
 * @param settings   every key of the section, {@code type} included, values as strings with {@code ${VAR}}
 *                   substituted, in the file's order (e.g. {@code apiKey}, {@code baseUrl})
 * @param secretKeys the settings that are secrets: those whose name contains key, secret, token or password
 */
public record ToolConfig(String name, String type, Map<String, String> settings, Set<String> secretKeys) {
    public ToolConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        secretKeys = secretKeys == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(secretKeys));
    }

    /** Whether a setting of this name is treated as a secret. */
    public static boolean isSecretKey(String key) {
        return Secrets.isSecretToolKey(key);
    }

    /** The settings with every secret replaced by {@code ****}. */
    public Map<String, String> maskedSettings() {
        Map<String, String> masked = new LinkedHashMap<>();
        settings.forEach((key, value) -> masked.put(key, secretKeys.contains(key) ? Secrets.MASK : value));
        return masked;
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        return "ToolConfig[name=" + name + ", type=" + type + ", settings=" + maskedSettings() + "]";
    }
}
