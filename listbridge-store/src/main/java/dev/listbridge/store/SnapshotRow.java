package dev.listbridge.store;

/**
 * What Listbridge last synced for one contact in one audience.
 *
 * @param data the pushed fields and tags as JSON (the engine's format)
 */
public record SnapshotRow(String audience, String contactKey, String rowHash, String email, String emailKey,
                          boolean consent, Long consentAt, String data, long updatedAt) {
}
