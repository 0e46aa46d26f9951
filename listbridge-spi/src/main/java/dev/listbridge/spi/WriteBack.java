package dev.listbridge.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One CRM write-back: a configured statement and the values bound to its named parameters
 * ({@code :key}, {@code :email}, {@code :newEmail}, {@code :occurredAt}, {@code :reason},
 * {@code :audience}). Values are always bound, never spliced into the SQL.
 *
 * @param statement the statement's name (e.g. {@code unsubscribed}), for messages
 * @param sql       the statement text with named parameters
 * @param email     the address as the CRM spelled it when it was linked
 */
public record WriteBack(String statement, String sql, String key, String email, String newEmail,
                        Instant occurredAt, String reason, String audience) {
    public WriteBack {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(key, "key");
    }
}
