package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;

/** The append-only audit log: nothing here is updated or deleted. */
public final class Audit {
    private final Jdbc jdbc;

    Audit(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends an entry; the insert may wait to run batched with the transaction's next statement. */
    public void append(long at, String audience, String contactKey, String emailKey, String kind, String detail) {
        jdbc.defer("INSERT INTO audit (at, audience, contact_key, email_key, kind, detail) VALUES (?, ?, ?, ?, ?, ?)",
                at, audience, contactKey, emailKey, kind, detail);
    }

    /** Appends several entries in one batch; their ids are left to the store. */
    public void appendAll(List<AuditRow> rows) {
        List<Object[]> args = new java.util.ArrayList<>(rows.size());
        for (AuditRow row : rows) {
            args.add(new Object[] {row.at(), row.audience(), row.contactKey(), row.emailKey(), row.kind(), row.detail()});
        }
        jdbc.batch("INSERT INTO audit (at, audience, contact_key, email_key, kind, detail) VALUES (?, ?, ?, ?, ?, ?)", args);
    }

    /**
     * Everything recorded for a contact, and the entries naming no contact for any address it ever used. The
     * second part repeats the condition of the index of such entries by address (migration V8), so that SQLite
     * uses it.
     */
    public List<AuditRow> timeline(String contactKey, List<String> emailKeys) {
        Object[] args = new Object[emailKeys.size() + 1];
        args[0] = contactKey;
        for (int i = 0; i < emailKeys.size(); i++) {
            args[i + 1] = emailKeys.get(i);
        }
        return jdbc.list(timelineSql(emailKeys.size()), Audit::map, args);
    }

    /**
     * The entries of one kind recorded for these contacts of an audience, oldest first per contact (through the index
     * by contact, migration V8: {@code contact_key IN (...)} implies its {@code contact_key IS NOT NULL}).
     */
    public List<AuditRow> ofContacts(String audience, Collection<String> contactKeys, String kind) {
        List<AuditRow> found = new ArrayList<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(contactKeys)))) {
            found.addAll(jdbc.list(ofContactsSql(chunk.size()), Audit::map, Jdbc.inArgs(chunk, audience, kind)));
        }
        return found;
    }

    /** The query of {@link #ofContacts} for this many contacts. */
    static String ofContactsSql(int contacts) {
        return "SELECT id, at, audience, contact_key, email_key, kind, detail FROM audit WHERE audience = ? AND kind = ?"
                + " AND contact_key IN (" + Jdbc.marks(contacts) + ") ORDER BY at, id";
    }

    /** The query of {@link #timeline} for a contact and this many addresses. */
    static String timelineSql(int addresses) {
        return "SELECT id, at, audience, contact_key, email_key, kind, detail FROM audit WHERE contact_key = ?"
                + (addresses == 0 ? "" : " OR (contact_key IS NULL AND email_key IN (?" + ", ?".repeat(addresses - 1) + "))")
                + " ORDER BY at, id";
    }

    private static AuditRow map(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("id"), rs.getLong("at"), rs.getString("audience"), rs.getString("contact_key"),
                rs.getString("email_key"), rs.getString("kind"), rs.getString("detail"));
    }
}
