package dev.listbridge.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One contact row as read from the CRM.
 *
 * @param key        the CRM key, as text (its SQL type is the CRM source's business)
 * @param email      the address column exactly as stored, possibly null or malformed
 * @param consent    the newsletter permission flag (null counts as no)
 * @param consentAt  when consent was given, if the CRM records it
 * @param attributes every other column of the row, by column name (lowercase), as text; null values
 *                   are absent
 */
public record CrmContact(String key, String email, boolean consent, Instant consentAt, Map<String, String> attributes) {
    public CrmContact {
        Objects.requireNonNull(key, "key");
        attributes = Map.copyOf(attributes);
    }
}
