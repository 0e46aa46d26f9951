package dev.listbridge.bench;

import dev.listbridge.engine.config.SharedAddressRule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct push of the generated CRM holds, computed in the CRM database from the data the
 * benchmark generated (never from what Listbridge reports): the members (valid, consenting addresses,
 * a shared address once) and, per tag, the members carrying it, the tag being the segment of the
 * address's owner as the audience's shared-address rule picks it among the consenting contacts.
 */
final class Expectations {
    /** Mailchimp's largest batch: batch subscribe and static-segment member adds both take 500. */
    static final int BATCH = 500;

    /** The members a push must create, and per tag how many of them carry it. */
    record Members(long members, Map<String, Long> byTag) {
        /** ceil(M / 500) batch subscribes plus ceil(M_t / 500) static-segment adds per tag. */
        long minCalls() {
            return batches(members) + byTag.values().stream().mapToLong(Expectations::batches).sum();
        }
    }

    private Expectations() {
    }

    static Members members(Connection connection, SharedAddressRule rule) throws SQLException {
        long members;
        Map<String, Long> byTag = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT count(DISTINCT email_key) FROM contacts WHERE newsletter AND email_key IS NOT NULL")) {
                rs.next();
                members = rs.getLong(1);
            }
            String order = rule == SharedAddressRule.HIGHEST_KEY ? "DESC" : "ASC";
            try (ResultSet rs = statement.executeQuery("""
                    SELECT btrim(segment) AS tag, count(*) FROM (
                      SELECT DISTINCT ON (email_key) email_key, segment FROM contacts
                      WHERE newsletter AND email_key IS NOT NULL ORDER BY email_key, id %s
                    ) owners
                    WHERE segment IS NOT NULL AND btrim(segment) <> ''
                    GROUP BY btrim(segment)""".formatted(order))) {
                while (rs.next()) {
                    byTag.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return new Members(members, byTag);
    }

    /** Contacts whose address Listbridge must report as invalid for Mailchimp, consenting or not. */
    static long invalidAddresses(Connection connection) throws SQLException {
        return count(connection, "SELECT count(*) FROM contacts WHERE email_key IS NULL");
    }

    static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long batches(long items) {
        return (items + BATCH - 1) / BATCH;
    }
}
