package dev.listbridge.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The 1 % change: as many contacts as 1 % of all, picked at random (seeded) among those with a valid,
 * unshared address, in three equal parts: a new address, consent flipped (granted ones get a fresh
 * consent time), an attribute edit (last name and city). The picks are kept in {@code bench_changes}
 * with the consent each had before, for the checks.
 */
final class OnePercentChange {
    /** How many contacts of each kind changed, and of those how many consented before the change. */
    record Changes(long addresses, long addressesConsenting, long consentRevoked, long consentGranted, long edits,
                   long editsConsenting) {
        long total() {
            return addresses + consentRevoked + consentGranted + edits;
        }
    }

    static final String NEW_LAST_NAME_SUFFIX = "-Neu";
    static final String NEW_CITY = "Neustadt";

    private OnePercentChange() {
    }

    static Changes apply(Connection connection, int contacts, long seed) throws SQLException {
        int count = Math.max(3, contacts / 100);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_changes (id bigint PRIMARY KEY, kind text NOT NULL, consent_before boolean NOT NULL)");
        }
        // ids ending in 07/37/77 (invalid) and 50-52 (shared) are left out: ContactGenerator's rule
        try (PreparedStatement pick = connection.prepareStatement("""
                INSERT INTO bench_changes (id, kind, consent_before)
                SELECT id, (ARRAY['address', 'consent', 'attribute'])[1 + (row_number() OVER (ORDER BY id) % 3)::int], newsletter
                FROM (SELECT id, newsletter FROM contacts
                      WHERE id % 100 NOT IN (7, 37, 77, 50, 51, 52) AND email_key IS NOT NULL
                      ORDER BY md5(id::text || ?) LIMIT ?) picked""")) {
            pick.setString(1, Long.toString(seed));
            pick.setInt(2, count);
            pick.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    UPDATE contacts c SET email = 'moved.' || c.id || '@example.net', email_key = 'moved.' || c.id || '@example.net'
                    FROM bench_changes b WHERE b.id = c.id AND b.kind = 'address'""");
            statement.execute("""
                    UPDATE contacts c SET newsletter = NOT c.newsletter,
                      consent_at = CASE WHEN c.newsletter THEN c.consent_at ELSE date_trunc('second', now() AT TIME ZONE 'UTC') END
                    FROM bench_changes b WHERE b.id = c.id AND b.kind = 'consent'""");
            statement.execute("""
                    UPDATE contacts c SET last_name = c.last_name || '%s', city = '%s'
                    FROM bench_changes b WHERE b.id = c.id AND b.kind = 'attribute'""".formatted(NEW_LAST_NAME_SUFFIX, NEW_CITY));
        }
        return new Changes(
                changed(connection, "kind = 'address'"), changed(connection, "kind = 'address' AND consent_before"),
                changed(connection, "kind = 'consent' AND consent_before"), changed(connection, "kind = 'consent' AND NOT consent_before"),
                changed(connection, "kind = 'attribute'"), changed(connection, "kind = 'attribute' AND consent_before"));
    }

    private static long changed(Connection connection, String condition) throws SQLException {
        return Expectations.count(connection, "SELECT count(*) FROM bench_changes WHERE " + condition);
    }
}
