package dev.listbridge.spi;

import java.util.Set;

/**
 * Which contacts to read for one audience.
 *
 * @param filter        an SQL condition on the contacts query's columns (administrator's config), or null
 * @param consentColumn the column holding consent for this audience, or null for the CRM's default
 * @param keys          only the contacts with these keys (an incremental cycle after change capture),
 *                      or null for every contact of the selection; keys that match no row are simply absent
 *                      from the result
 * @since 1.0; {@code keys} since 1.1
 */
public record ContactSelection(String filter, String consentColumn, Set<String> keys) {

    public ContactSelection {
        keys = keys == null ? null : Set.copyOf(keys);
    }

    public ContactSelection(String filter, String consentColumn) {
        this(filter, consentColumn, null);
    }

    public static ContactSelection all() {
        return new ContactSelection(null, null, null);
    }

    /** The same selection narrowed to the given keys. */
    public ContactSelection onlyKeys(Set<String> onlyKeys) {
        return new ContactSelection(filter, consentColumn, onlyKeys);
    }
}
