package dev.listbridge.store;

/**
 * What Listbridge last synced for one contact in one audience.
 *
 * @param rowSum what the engine hashed of the contact's row when it saved it (never 0), or null for a
 *               snapshot saved before row sums existed (then the contact counts as changed once)
 * @param data   the pushed fields and tags as JSON (the engine's format)
 */
public record SnapshotRow(String audience, String contactKey, Long rowSum, String email, String emailKey,
                          boolean consent, Long consentAt, String data, long updatedAt) {
}
