package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.crm.jdbc.JdbcCrmSource;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.ContactSelection;
import dev.listbridge.spi.CrmContact;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@code queue} mode on a real database: the triggers Listbridge generates, installed and removed
 * by {@link TriggerInstaller}, and the {@link ChangeFeed} draining their queue. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueueCaptureContract {
    static final String QUERY = "SELECT id, email, newsletter FROM customers WHERE deleted = FALSE";
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    TestDatabase db;
    final List<AutoCloseable> closeAfter = new ArrayList<>();

    abstract TestDatabase createDatabase();

    abstract TriggerDialect dialect();

    /** A TIMESTAMP column type that may hold NULL. */
    String timestampType() {
        return "TIMESTAMP NULL";
    }

    @BeforeAll
    void createDatabaseOnce() {
        db = createDatabase();
    }

    @AfterAll
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void fixture() {
        db.execute("DROP TABLE IF EXISTS customers", "DROP TABLE IF EXISTS " + ChangeQueue.TABLE,
                "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200), newsletter BOOLEAN, "
                        + "deleted BOOLEAN DEFAULT FALSE NOT NULL, last_login " + timestampType() + ")");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : closeAfter) {
            closeable.close();
        }
        closeAfter.clear();
    }

    CrmSettings crm() {
        return new CrmSettings(db.jdbcUrl(), db.user(), db.password(), QUERY, "id", "email", "newsletter");
    }

    CaptureSettings capture() {
        return new CaptureSettings(CaptureMode.QUEUE, "customers", null, POLL_INTERVAL);
    }

    List<String> install() {
        try (TriggerInstaller installer = new TriggerInstaller(crm())) {
            CaptureTarget target = installer.inspect(capture(), List.of(QUERY), List.of("id", "email", "newsletter"));
            return installer.install(dialect().script(target));
        }
    }

    ChangeFeed feed() {
        ChangeFeed feed = ChangeFeeds.open(crm(), capture());
        closeAfter.add(feed);
        return feed;
    }

    /** The queue's rows as "key op", oldest first. */
    List<String> queue() {
        try (Connection connection = db.connection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT contact_key, op FROM " + ChangeQueue.TABLE + " ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_triggers_record_inserts_changes_of_watched_columns_and_deletes() {
        install();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)",
                "INSERT INTO customers (id, email, newsletter) VALUES (2, 'ben@example.com', FALSE)",
                "UPDATE customers SET email = 'anna.neu@example.com' WHERE id = 1",
                "UPDATE customers SET deleted = TRUE WHERE id = 2",
                "DELETE FROM customers WHERE id = 2",
                "UPDATE customers SET id = 3 WHERE id = 1");

        assertThat(queue()).containsExactly("1 I", "2 I", "1 U", "2 U", "2 D", "1 D", "3 U");
    }

    @Test
    void an_update_that_changes_no_watched_value_records_nothing() {
        install();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)");
        db.execute("UPDATE customers SET last_login = CURRENT_TIMESTAMP WHERE id = 1",
                "UPDATE customers SET email = 'anna@example.com', newsletter = TRUE WHERE id = 1",
                "UPDATE customers SET newsletter = NULL WHERE id = 1",
                "UPDATE customers SET newsletter = NULL WHERE id = 1");

        assertThat(queue()).as("last_login is not watched; NULL to NULL is no change").containsExactly("1 I", "1 U");
    }

    @Test
    void installing_twice_works_and_says_what_was_there() {
        List<String> first = install();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)");
        List<String> second = install();

        assertThat(first).allSatisfy(line -> assertThat(line).endsWith(": created"));
        assertThat(second).anySatisfy(line -> assertThat(line).contains(ChangeQueue.TABLE).endsWith(": already there"))
                .anySatisfy(line -> assertThat(line).contains("listbridge_customers_update").endsWith(": replaced"));
        assertThat(queue()).as("the queue keeps its rows").containsExactly("1 I");
        db.execute("DELETE FROM customers WHERE id = 1");
        assertThat(queue()).as("each change recorded once").containsExactly("1 I", "1 D");
    }

    @Test
    void the_feed_hands_out_keys_in_batches_until_they_are_acknowledged() {
        install();
        for (int id = 1; id <= 5; id++) {
            db.execute("INSERT INTO customers (id, email, newsletter) VALUES (" + id + ", 'c" + id + "@example.com', TRUE)");
        }
        db.execute("UPDATE customers SET email = 'c1.neu@example.com' WHERE id = 1");
        ChangeFeed feed = feed();

        ChangeBatch first = feed.poll(null, 2);
        ChangeBatch again = feed.poll(first.position(), 2);
        feed.acknowledge(first);
        feed.acknowledge(first);
        ChangeBatch second = feed.poll(first.position(), 2);
        feed.acknowledge(second);
        ChangeBatch third = feed.poll(second.position(), 3);
        feed.acknowledge(third);
        ChangeBatch none = feed.poll(third.position(), 3);

        assertThat(first.keys()).containsExactly("1", "2");
        assertThat(first.more()).isTrue();
        assertThat(again).as("not acknowledged: handed out again").isEqualTo(first);
        assertThat(second.keys()).containsExactly("3", "4");
        assertThat(third.keys()).as("distinct, oldest first").containsExactly("5", "1");
        assertThat(third.more()).isFalse();
        assertThat(none.keys()).isEmpty();
        assertThat(none.position()).isEqualTo(third.position());
        assertThat(queue()).isEmpty();
    }

    @Test
    void a_row_committed_after_a_younger_one_is_not_skipped() throws SQLException {
        install();
        ChangeFeed feed = feed();
        try (Connection slow = db.connection(); Statement statement = slow.createStatement()) {
            slow.setAutoCommit(false);
            statement.executeUpdate("INSERT INTO customers (id, email, newsletter) VALUES (1, 'slow@example.com', TRUE)");
            db.execute("INSERT INTO customers (id, email, newsletter) VALUES (2, 'fast@example.com', TRUE)");
            ChangeBatch fast = feed.poll(null, 10);
            feed.acknowledge(fast);
            slow.commit();

            ChangeBatch late = feed.poll(fast.position(), 10);

            assertThat(fast.keys()).containsExactly("2");
            assertThat(late.keys()).containsExactly("1");
        }
    }

    @Test
    void keys_of_a_batch_read_back_the_changed_contacts_and_a_deleted_one_reads_no_row() {
        install();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)",
                "INSERT INTO customers (id, email, newsletter) VALUES (2, 'ben@example.com', TRUE)",
                "DELETE FROM customers WHERE id = 2");
        ChangeBatch batch = feed().poll(null, 10);
        List<CrmContact> contacts = new ArrayList<>();
        try (JdbcCrmSource source = new JdbcCrmSource(crm())) {
            source.readContacts(ContactSelection.all().onlyKeys(batch.keys()), contacts::add);
        }

        assertThat(batch.keys()).containsExactly("1", "2");
        assertThat(contacts).extracting(CrmContact::key).containsExactly("1");
    }

    @Test
    void remove_drops_the_triggers_and_the_queue_and_says_what_it_removed() {
        install();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)");

        List<String> removed = remove();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (2, 'ben@example.com', TRUE)");
        List<String> again = remove();

        assertThat(removed).anySatisfy(line -> assertThat(line).isEqualTo("trigger " + triggerName("insert") + ": removed"))
                .anySatisfy(line -> assertThat(line).contains(ChangeQueue.TABLE).endsWith(": removed (1 change not yet drained)"));
        assertThat(again).allSatisfy(line -> assertThat(line).endsWith(": not installed"));
        assertThatThrownBy(this::queue).as("the queue table is gone").isInstanceOf(IllegalStateException.class);
    }

    /** The insert trigger's name as the removal reports it. */
    String triggerName(String event) {
        return "listbridge_customers_" + event;
    }

    List<String> remove() {
        try (TriggerInstaller installer = new TriggerInstaller(crm())) {
            return installer.remove(dialect().script(installer.locate(capture())));
        }
    }

    @Test
    void a_missing_table_or_column_is_named_with_its_config_key_before_anything_changes() {
        try (TriggerInstaller installer = new TriggerInstaller(crm())) {
            assertThatThrownBy(() -> installer.inspect(new CaptureSettings(CaptureMode.QUEUE, "custmers", null, null),
                    List.of(QUERY), List.of()))
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                            .extracting(ConfigProblem::key).containsExactly("crm.contacts.table"))
                    .hasMessageContaining("custmers");
            CrmSettings otherKey = new CrmSettings(db.jdbcUrl(), db.user(), db.password(), QUERY, "customer_no", "email", "newsletter");
            assertThatThrownBy(() -> new TriggerInstaller(otherKey).inspect(
                    new CaptureSettings(CaptureMode.QUEUE, "customers", "changed_at", null), List.of(QUERY), List.of()))
                    .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                            .extracting(ConfigProblem::key).containsExactly("crm.contacts.key", "crm.contacts.updatedAt"))
                    .hasMessageContaining("column 'customer_no' is not a column of table customers (its columns: id, email")
                    .hasMessageContaining("'changed_at'");
        }
        assertThatThrownBy(this::queue).as("nothing installed").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_feed_without_its_queue_table_says_how_to_install_it() {
        assertThatThrownBy(() -> feed().poll(null, 10)).isInstanceOfSatisfying(InvalidConfigException.class,
                e -> assertThat(e.problems().getFirst().key()).isEqualTo("crm.capture"))
                .hasMessageContaining("listbridge triggers -c FILE --apply");
    }

    @Test
    void an_interrupted_wait_ends_with_false_and_keeps_the_interrupt() {
        install();
        ChangeFeed feed = feed();
        feed.awaitChange(Duration.ofMillis(10));
        Thread.currentThread().interrupt();
        try {
            boolean woken = feed.awaitChange(Duration.ofMinutes(10));

            assertThat(woken).isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
