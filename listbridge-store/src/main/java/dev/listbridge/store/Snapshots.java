package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The last-synced snapshot per (audience, contact). */
public final class Snapshots {
    private static final String COLUMNS = "audience, contact_key, row_hash, email, email_key, consent, consent_at, data, updated_at";
    private final Jdbc jdbc;
    private final Dialect dialect;

    Snapshots(Jdbc jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    public Optional<SnapshotRow> find(String audience, String contactKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM snapshot WHERE audience = ? AND contact_key = ?", Snapshots::map,
                audience, contactKey);
    }

    /** Loads the snapshots of many contacts with one query per 500 keys. */
    public List<SnapshotRow> findAll(String audience, Collection<String> contactKeys) {
        List<SnapshotRow> rows = new ArrayList<>();
        List<String> keys = new ArrayList<>(contactKeys);
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            Object[] args = new Object[chunk.size() + 1];
            args[0] = audience;
            for (int i = 0; i < chunk.size(); i++) {
                args[i + 1] = chunk.get(i);
            }
            rows.addAll(jdbc.list("SELECT " + COLUMNS + " FROM snapshot WHERE audience = ? AND contact_key IN ("
                    + "?" + ", ?".repeat(chunk.size() - 1) + ")", Snapshots::map, args));
        }
        return rows;
    }

    public void save(SnapshotRow row) {
        jdbc.update(Upsert.sql(dialect, "snapshot", new String[] {"audience", "contact_key"},
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

    public long count(String audience) {
        return jdbc.count("SELECT COUNT(*) FROM snapshot WHERE audience = ?", audience);
    }

    private static SnapshotRow map(ResultSet rs) throws SQLException {
        return new SnapshotRow(rs.getString("audience"), rs.getString("contact_key"), rs.getString("row_hash"),
                rs.getString("email"), rs.getString("email_key"), rs.getInt("consent") != 0,
                Jdbc.nullableLong(rs, "consent_at"), rs.getString("data"), rs.getLong("updated_at"));
    }
}
