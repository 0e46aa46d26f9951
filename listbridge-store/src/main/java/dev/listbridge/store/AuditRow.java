package dev.listbridge.store;

/** One entry of the append-only history; {@code detail} is JSON. */
public record AuditRow(long id, long at, String audience, String contactKey, String emailKey, String kind, String detail) {
}
