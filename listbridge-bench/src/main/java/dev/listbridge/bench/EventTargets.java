package dev.listbridge.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The addresses the sandbox's recipients acted on, loaded into the CRM database as {@code bench_events}
 * (matching key, kind), so the write-backs can be checked with joins there instead of in this JVM.
 */
final class EventTargets {
    /** Contacts left in a state the events should have changed, per check; all zero when write-back is right. */
    record Check(long contactsOnTargets, long unsubscribedStillConsenting, long bouncedNotMarked,
                 long complainedNotMarked, long markedWithoutEvent) {
        boolean holds() {
            return unsubscribedStillConsenting == 0 && bouncedNotMarked == 0 && complainedNotMarked == 0 && markedWithoutEvent == 0;
        }
    }

    private EventTargets() {
    }

    static void load(Connection connection, SandboxControl.Bulk bulk) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bench_events (email_key text NOT NULL, kind text NOT NULL)");
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_events (email_key, kind) FROM STDIN");
        try {
            write(copy, bulk.unsubscribed(), "unsubscribe");
            write(copy, bulk.hardBounced(), "hard_bounce");
            write(copy, bulk.complained(), "complaint");
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE INDEX bench_events_key ON bench_events (email_key)");
            statement.execute("ANALYZE bench_events");
        }
    }

    static Check check(Connection connection) throws SQLException {
        String joined = "SELECT count(*) FROM contacts c JOIN bench_events e ON e.email_key = c.email_key WHERE ";
        return new Check(
                Expectations.count(connection, "SELECT count(*) FROM contacts c JOIN bench_events e ON e.email_key = c.email_key"),
                Expectations.count(connection, joined + "e.kind = 'unsubscribe' AND c.newsletter"),
                Expectations.count(connection, joined + "e.kind = 'hard_bounce' AND NOT c.email_invalid"),
                Expectations.count(connection, joined + "e.kind = 'complaint' AND (c.newsletter OR NOT c.complained)"),
                Expectations.count(connection, "SELECT count(*) FROM contacts c WHERE (c.email_invalid OR c.complained) "
                        + "AND NOT EXISTS (SELECT 1 FROM bench_events e WHERE e.email_key = c.email_key)"));
    }

    private static void write(CopyIn copy, List<String> addresses, String kind) throws SQLException {
        StringBuilder rows = new StringBuilder();
        for (String address : addresses) {
            String key = ContactGenerator.key(address);
            if (key == null) {
                throw new IllegalStateException("the sandbox named an address Listbridge would not push: " + address);
            }
            rows.append(key).append('\t').append(kind).append('\n');
            if (rows.length() > 1 << 20) {
                flush(copy, rows);
            }
        }
        flush(copy, rows);
    }

    private static void flush(CopyIn copy, StringBuilder rows) throws SQLException {
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        rows.setLength(0);
    }
}
