package dev.listbridge.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Member state per (audience, address). */
public final class Members {
    private static final String COLUMNS = "audience, email_key, address, member_id, status, status_by, status_at, ownership, "
            + "released, pending_since, tags, written_at";
    /** Built once: a pull or a diff saves members by the thousand. */
    private static final String SAVE = Upsert.sql("member", new String[] {"audience", "email_key"},
            new String[] {"address", "member_id", "status", "status_by", "status_at", "ownership", "released",
                    "pending_since", "tags", "written_at"});
    private final Jdbc jdbc;

    Members(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MemberRow> find(String audience, String emailKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM member WHERE audience = ? AND email_key = ?", Members::map, audience,
                emailKey);
    }

    /** The members of several addresses, by email key (absent ones left out): one query per few hundred keys. */
    public Map<String, MemberRow> findAll(String audience, Collection<String> emailKeys) {
        Map<String, MemberRow> found = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(emailKeys)))) {
            for (MemberRow row : jdbc.list("SELECT " + COLUMNS + " FROM member WHERE audience = ? AND email_key IN ("
                    + Jdbc.marks(chunk.size()) + ")", Members::map, Jdbc.inArgs(chunk, audience))) {
                found.put(row.emailKey(), row);
            }
        }
        return found;
    }

    /** Saves a member; the upsert may wait to run batched with the transaction's next statement (see {@code Jdbc.defer}). */
    public void save(MemberRow row) {
        jdbc.defer(SAVE, values(row));
    }

    /** {@link #save} for several members in one batch. */
    public void saveAll(Collection<MemberRow> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (MemberRow row : rows) {
            args.add(values(row));
        }
        jdbc.batch(SAVE, args);
    }

    /** {@link #delete} for several addresses in one batch. */
    public void deleteAll(String audience, Collection<String> emailKeys) {
        List<Object[]> args = new ArrayList<>(emailKeys.size());
        for (String emailKey : emailKeys) {
            args.add(new Object[] {audience, emailKey});
        }
        jdbc.batch("DELETE FROM member WHERE audience = ? AND email_key = ?", args);
    }

    private static Object[] values(MemberRow row) {
        return new Object[] {row.audience(), row.emailKey(), row.address(), row.memberId(), row.status(), row.statusBy(),
                row.statusAt(), row.ownership(), row.released(), Jdbc.orNullLong(row.pendingSince()),
                String.join("\n", new TreeSet<>(row.tags())), Jdbc.orNullLong(row.writtenAt())};
    }

    public void delete(String audience, String emailKey) {
        jdbc.update("DELETE FROM member WHERE audience = ? AND email_key = ?", audience, emailKey);
    }

    /** Members that receive mail or wait for confirmation: the population the blast-radius guard compares against. */
    public long countActive(String audience) {
        return jdbc.count("SELECT COUNT(*) FROM member WHERE audience = ? AND status IN ('subscribed', 'pending')", audience);
    }

    /** How many managed members are pending since before {@code before}: double opt-in not confirmed in time. */
    public long countPendingSince(String audience, long before) {
        return jdbc.count("SELECT COUNT(*) FROM member WHERE audience = ? AND status = 'pending' AND pending_since < ? "
                + "AND ownership IN ('created', 'adopted')", audience, before);
    }

    /** The first {@code limit} managed members pending since before {@code before}, longest pending first. */
    public List<MemberRow> pendingSince(String audience, long before, int limit) {
        return jdbc.list("SELECT " + COLUMNS + " FROM member WHERE audience = ? AND status = 'pending' AND pending_since < ? "
                + "AND ownership IN ('created', 'adopted') ORDER BY pending_since LIMIT " + limit, Members::map, audience, before);
    }

    private static MemberRow map(ResultSet rs) throws SQLException {
        String tags = rs.getString("tags");
        Set<String> tagSet = tags == null || tags.isEmpty() ? Set.of()
                : Arrays.stream(tags.split("\n")).collect(Collectors.toSet());
        return new MemberRow(rs.getString("audience"), rs.getString("email_key"), rs.getString("address"),
                rs.getString("member_id"), rs.getString("status"), rs.getString("status_by"), rs.getLong("status_at"),
                rs.getString("ownership"), rs.getInt("released") != 0, Jdbc.nullableLong(rs, "pending_since"), tagSet,
                Jdbc.nullableLong(rs, "written_at"));
    }
}
