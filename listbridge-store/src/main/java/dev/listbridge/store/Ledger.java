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

/** The identity ledger: which contact used which address in which audience, and when. */
public final class Ledger {
    private static final String COLUMNS = "id, audience, contact_key, email, email_key, member_id, valid_from, valid_to, "
            + "opened_reason, close_reason, fresh_consent_after";
    private final Jdbc jdbc;

    Ledger(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public long open(String audience, String contactKey, String email, String emailKey, long validFrom,
                     String reason, Long freshConsentAfter) {
        return jdbc.insert("INSERT INTO link (audience, contact_key, email, email_key, valid_from, opened_reason, "
                + "fresh_consent_after) VALUES (?, ?, ?, ?, ?, ?, ?)", audience, contactKey, email, emailKey, validFrom,
                reason, Jdbc.orNullLong(freshConsentAfter));
    }

    public void close(long linkId, long validTo, String reason) {
        jdbc.update("UPDATE link SET valid_to = ?, close_reason = ? WHERE id = ? AND valid_to IS NULL", validTo, reason, linkId);
    }

    /** Records the CRM's new spelling of the same address (a change of case only). */
    public void respell(long linkId, String email) {
        jdbc.update("UPDATE link SET email = ? WHERE id = ?", email, linkId);
    }

    public void setMemberId(String audience, String emailKey, String memberId) {
        jdbc.update("UPDATE link SET member_id = ? WHERE audience = ? AND email_key = ? AND valid_to IS NULL",
                memberId, audience, emailKey);
    }

    /** {@link #setMemberId} for several addresses in one batch. */
    public void setMemberIds(String audience, Map<String, String> memberIdByEmailKey) {
        List<Object[]> args = new ArrayList<>(memberIdByEmailKey.size());
        memberIdByEmailKey.forEach((emailKey, memberId) -> args.add(new Object[] {memberId, audience, emailKey}));
        jdbc.batch("UPDATE link SET member_id = ? WHERE audience = ? AND email_key = ? AND valid_to IS NULL", args);
    }

    /**
     * {@link #openLinkOf} for several contacts in one query per few hundred keys; a contact without an open link
     * is left out.
     */
    public Map<String, LinkRow> openLinkOfAll(String audience, Collection<String> contactKeys) {
        Map<String, LinkRow> found = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(contactKeys)))) {
            for (LinkRow link : jdbc.list("SELECT " + COLUMNS + " FROM link WHERE audience = ? AND contact_key IN ("
                    + Jdbc.marks(chunk.size()) + ") AND valid_to IS NULL ORDER BY id DESC", Ledger::map,
                    Jdbc.inArgs(chunk, audience))) {
                found.putIfAbsent(link.contactKey(), link);
            }
        }
        return found;
    }

    /**
     * {@link #openLinksOf} for several addresses in one query per few hundred keys; an address without open
     * links maps to an empty list.
     */
    public Map<String, List<LinkRow>> openLinksOfAll(String audience, Collection<String> emailKeys) {
        Map<String, List<LinkRow>> found = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(emailKeys)))) {
            chunk.forEach(key -> found.put(key, new ArrayList<>()));
            for (LinkRow link : jdbc.list("SELECT " + COLUMNS + " FROM link WHERE audience = ? AND email_key IN ("
                    + Jdbc.marks(chunk.size()) + ") AND valid_to IS NULL ORDER BY id", Ledger::map,
                    Jdbc.inArgs(chunk, audience))) {
                found.get(link.emailKey()).add(link);
            }
        }
        return found;
    }

    public Optional<LinkRow> openLinkOf(String audience, String contactKey) {
        return jdbc.one("SELECT " + COLUMNS + " FROM link WHERE audience = ? AND contact_key = ? AND valid_to IS NULL "
                + "ORDER BY id DESC", Ledger::map, audience, contactKey);
    }

    /** The open links of an address: more than one when contacts share it. */
    public List<LinkRow> openLinksOf(String audience, String emailKey) {
        return jdbc.list("SELECT " + COLUMNS + " FROM link WHERE audience = ? AND email_key = ? AND valid_to IS NULL "
                + "ORDER BY id", Ledger::map, audience, emailKey);
    }

    /** Every link an address ever had in an audience, oldest first. */
    public List<LinkRow> historyOf(String audience, String emailKey) {
        return jdbc.list("SELECT " + COLUMNS + " FROM link WHERE audience = ? AND email_key = ? ORDER BY valid_from, id",
                Ledger::map, audience, emailKey);
    }

    /**
     * {@link #historyOf} for several addresses in one query per few hundred keys; an address without links
     * maps to an empty list.
     */
    public Map<String, List<LinkRow>> historiesOf(String audience, Collection<String> emailKeys) {
        Map<String, List<LinkRow>> histories = new HashMap<>();
        for (List<String> chunk : Jdbc.chunks(List.copyOf(new HashSet<>(emailKeys)))) {
            chunk.forEach(key -> histories.put(key, new ArrayList<>()));
            for (LinkRow link : jdbc.list("SELECT " + COLUMNS + " FROM link WHERE audience = ? AND email_key IN ("
                    + Jdbc.marks(chunk.size()) + ") ORDER BY valid_from, id", Ledger::map, Jdbc.inArgs(chunk, audience))) {
                histories.get(link.emailKey()).add(link);
            }
        }
        return histories;
    }

    /** Whether any audience's ledger has ever known the address. */
    public boolean everKnown(String emailKey) {
        return jdbc.count("SELECT COUNT(*) FROM link WHERE email_key = ?", emailKey) > 0;
    }

    public List<LinkRow> linksOfContact(String contactKey) {
        return jdbc.list("SELECT " + COLUMNS + " FROM link WHERE contact_key = ? ORDER BY valid_from, id", Ledger::map,
                contactKey);
    }

    private static LinkRow map(ResultSet rs) throws SQLException {
        return new LinkRow(rs.getLong("id"), rs.getString("audience"), rs.getString("contact_key"), rs.getString("email"),
                rs.getString("email_key"), rs.getString("member_id"), rs.getLong("valid_from"),
                Jdbc.nullableLong(rs, "valid_to"), rs.getString("opened_reason"), rs.getString("close_reason"),
                Jdbc.nullableLong(rs, "fresh_consent_after"));
    }
}
