package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** Everything recorded for a contact or for any address it ever used. */
    public List<AuditRow> timeline(String contactKey, List<String> emailKeys) {
        StringBuilder sql = new StringBuilder("SELECT id, at, audience, contact_key, email_key, kind, detail FROM audit "
                + "WHERE contact_key = ?");
        Object[] args = new Object[emailKeys.size() + 1];
        args[0] = contactKey;
        if (!emailKeys.isEmpty()) {
            sql.append(" OR (contact_key IS NULL AND email_key IN (?").append(", ?".repeat(emailKeys.size() - 1)).append("))");
            for (int i = 0; i < emailKeys.size(); i++) {
                args[i + 1] = emailKeys.get(i);
            }
        }
        sql.append(" ORDER BY at, id");
        return jdbc.list(sql.toString(), Audit::map, emailKeys.isEmpty() ? new Object[] {contactKey} : args);
    }

    private static AuditRow map(ResultSet rs) throws SQLException {
        return new AuditRow(rs.getLong("id"), rs.getLong("at"), rs.getString("audience"), rs.getString("contact_key"),
                rs.getString("email_key"), rs.getString("kind"), rs.getString("detail"));
    }
}
