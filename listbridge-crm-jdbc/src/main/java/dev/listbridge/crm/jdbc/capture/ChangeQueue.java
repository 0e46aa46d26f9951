package dev.listbridge.crm.jdbc.capture;

/**
 * The names the {@code queue} capture mode shares between its triggers and its feed.
 * <p>
 * The queue table: {@code id} (ascending, handed out at insert), {@code contact_key} (the key as
 * text), {@code op} ({@code I} insert, {@code U} update of a watched column, {@code D} delete or the
 * old key of a key change) and {@code changed_at} (when the trigger ran).
 */
public final class ChangeQueue {
    /** The queue table, in the CRM user's default schema (database on MariaDB/MySQL). */
    public static final String TABLE = "listbridge_change_queue";
    /** The PostgreSQL NOTIFY channel the triggers signal and the feed LISTENs on. */
    public static final String CHANNEL = "listbridge_changes";

    private ChangeQueue() {
    }
}
