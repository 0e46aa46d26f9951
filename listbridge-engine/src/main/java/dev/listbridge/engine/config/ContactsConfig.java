package dev.listbridge.engine.config;

import java.util.Objects;

/**
 * How contacts are read from the CRM, section {@code crm.contacts}.
 *
 * @param query     required: a SELECT returning one row per contact with every column the audiences map
 * @param key       required: the column holding the CRM key
 * @param email     required: the column holding the email address
 * @param consent   required: the column holding the newsletter permission (each audience may override it)
 * @param consentAt optional: the column holding when consent was given; null when absent
 * @param table     optional: the table whose rows carry the key, for the {@code queue} and {@code watermark}
 *                  capture modes when the query joins several tables; null when absent
 * @param updatedAt optional: the updated-at column, for the {@code watermark} capture mode; null when absent
 */
public record ContactsConfig(String query, String key, String email, String consent, String consentAt, String table,
                             String updatedAt) {
    public ContactsConfig {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(consent, "consent");
    }

    /**
     * The table the {@code queue} and {@code watermark} capture modes watch: {@link #table()} when given,
     * else the one table the query reads when that can be told safely (a plain {@code SELECT … FROM t
     * [WHERE …]}), else null.
     */
    public String captureTable() {
        return table != null ? table : SingleTableQuery.table(query);
    }
}
