package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opt-outs, hard bounces and complaints, with reason, source and time. */
public final class Suppressions {
    private static final String COLUMNS = "id, scope, email_key, reason, source, occurred_at, recorded_at, lifted_at";
    private final Jdbc jdbc;

    Suppressions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a suppression; the insert may wait to run batched with the transaction's next statement. */
    public void add(String scope, String emailKey, String reason, String source, long occurredAt, long recordedAt) {
        jdbc.defer("INSERT INTO suppression (scope, email_key, reason, source, occurred_at, recorded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", scope, emailKey, reason, source, occurredAt, recordedAt);
    }

    /** The newest suppression in force for an address in an audience (its own or an everywhere one). */
    public Optional<SuppressionRow> inForce(String audience, String emailKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM suppression WHERE email_key = ? AND scope IN (?, '*') "
                + "AND lifted_at IS NULL ORDER BY occurred_at DESC, id DESC", Suppressions::map, emailKey, audience);
    }

    /** {@link #inForce} for several addresses in one query per few hundred keys; addresses without one left out. */
    public Map<String, SuppressionRow> inForceAll(String audience, Collection<String> emailKeys) {
        Map<String, SuppressionRow> found = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(emailKeys)))) {
            for (SuppressionRow row : jdbc.list("SELECT " + COLUMNS + " FROM suppression WHERE scope IN (?, '*') "
                    + "AND email_key IN (" + Jdbc.marks(chunk.size()) + ") AND lifted_at IS NULL "
                    + "ORDER BY occurred_at DESC, id DESC", Suppressions::map, Jdbc.inArgs(chunk, audience))) {
                found.putIfAbsent(row.emailKey(), row);
            }
        }
        return found;
    }

    /**
     * Whether a complaint about the address, learned from a source other than {@code source}, is recorded as made within
     * {@code windowMillis} of {@code occurredAt}.
     */
    public boolean complaintNear(String emailKey, long occurredAt, long windowMillis, String source) {
        return jdbc.one("SELECT id FROM suppression WHERE email_key = ? AND reason = 'complaint' AND occurred_at BETWEEN ? AND ? "
                + "AND source <> ?", rs -> rs.getLong(1), emailKey, occurredAt - windowMillis, occurredAt + windowMillis,
                source).isPresent();
    }

    /**
     * The times of the complaints about several addresses learned from a source other than {@code source}, by email key
     * (none: left out).
     */
    public Map<String, List<Long>> complaintTimes(Collection<String> emailKeys, String source) {
        Map<String, List<Long>> found = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(emailKeys)))) {
            jdbc.forEach("SELECT email_key, occurred_at FROM suppression WHERE reason = 'complaint' AND source <> ? "
                    + "AND email_key IN (" + Jdbc.marks(chunk.size()) + ")", rs -> found.computeIfAbsent(rs.getString(1),
                    key -> new ArrayList<>()).add(rs.getLong(2)), Jdbc.inArgs(chunk, source));
        }
        return found;
    }

    /** Lifts an audience's opt-outs for an address, e.g. after the recipient re-subscribed through the tool's form. */
    public void lift(String audience, String emailKey, long at, String reason) {
        jdbc.update("UPDATE suppression SET lifted_at = ?, lifted_reason = ? WHERE email_key = ? AND scope = ? "
                + "AND reason = 'unsubscribed' AND lifted_at IS NULL", at, reason, emailKey, audience);
    }

    private static SuppressionRow map(ResultSet rs) throws SQLException {
        return new SuppressionRow(rs.getLong("id"), rs.getString("scope"), rs.getString("email_key"), rs.getString("reason"),
                rs.getString("source"), rs.getLong("occurred_at"), rs.getLong("recorded_at"),
                Jdbc.nullableLong(rs, "lifted_at"));
    }
}
