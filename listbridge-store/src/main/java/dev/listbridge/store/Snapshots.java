package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The last-synced snapshot per (audience, contact). */
public final class Snapshots {
    private static final String COLUMNS = "audience, contact_key, row_hash, email, email_key, consent, consent_at, data, updated_at";
    private final Jdbc jdbc;

    Snapshots(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SnapshotRow> find(String audience, String contactKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM snapshot WHERE audience = ? AND contact_key = ?", Snapshots::map,
                audience, contactKey);
    }

    public void save(SnapshotRow row) {
        jdbc.update(Upsert.sql("snapshot", new String[] {"audience", "contact_key"},
                        new String[] {"row_hash", "email", "email_key", "consent", "consent_at", "data", "updated_at"}),
                row.audience(), row.contactKey(), row.rowHash(), row.email(), row.emailKey(), row.consent(),
                Jdbc.orNullLong(row.consentAt()), row.data(), row.updatedAt());
    }

    public void delete(String audience, String contactKey) {
        jdbc.update("DELETE FROM snapshot WHERE audience = ? AND contact_key = ?", audience, contactKey);
    }

    /** Snapshots of contacts not read in the given run: they left the selection. */
    public List<SnapshotRow> notSeenIn(String audience, long runId, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM snapshot s WHERE audience = ? AND NOT EXISTS "
                + "(SELECT 1 FROM seen_key k WHERE k.run_id = ? AND k.contact_key = s.contact_key) "
                + "ORDER BY contact_key LIMIT " + limit, Snapshots::map, audience, runId);
    }

    private static SnapshotRow map(ResultSet rs) throws SQLException {
        return new SnapshotRow(rs.getString("audience"), rs.getString("contact_key"), rs.getString("row_hash"),
                rs.getString("email"), rs.getString("email_key"), rs.getInt("consent") != 0,
                Jdbc.nullableLong(rs, "consent_at"), rs.getString("data"), rs.getLong("updated_at"));
    }
}
