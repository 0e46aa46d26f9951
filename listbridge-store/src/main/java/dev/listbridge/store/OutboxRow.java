package dev.listbridge.store;

/**
 * One journaled write.
 *
 * @param kind    what to do (the engine's operation kinds, e.g. {@code upsert}, {@code writeback})
 * @param payload the operation as JSON
 * @param state   {@code pending} (to do), {@code done}, {@code dead} (refused; kept with the tool's text),
 *                {@code superseded} (replaced by a later plan), {@code parked} (set aside, not attempted, until
 *                the engine takes it up again: an upsert's fields while the member is opted out)
 */
public record OutboxRow(long id, long runId, String audience, String kind, String emailKey, String contactKey,
                        String payload, String state, int attempts, String lastError, long createdAt, long updatedAt) {
    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String DEAD = "dead";
    public static final String SUPERSEDED = "superseded";
    public static final String PARKED = "parked";
}
