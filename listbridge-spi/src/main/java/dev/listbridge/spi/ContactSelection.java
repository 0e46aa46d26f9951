package dev.listbridge.spi;

/**
 * Which contacts to read for one audience.
 *
 * @param filter        an SQL condition on the contacts query's columns (administrator's config), or null
 * @param consentColumn the column holding consent for this audience, or null for the CRM's default
 */
public record ContactSelection(String filter, String consentColumn) {
    public static ContactSelection all() {
        return new ContactSelection(null, null);
    }
}
