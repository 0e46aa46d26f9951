package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.listbridge.crm.jdbc.CrmSettings;
import dev.listbridge.spi.ConfigProblem;
import dev.listbridge.spi.InvalidConfigException;
import dev.listbridge.testing.MovableClock;
import dev.listbridge.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The {@code watermark} mode on a real database; one subclass per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WatermarkFeedContract {
    static final String T1 = "2024-03-01 10:00:00.250";
    static final String T2 = "2024-03-01 10:00:01";
    static final String T3 = "2024-03-01 10:00:02";

    TestDatabase db;
    final MovableClock clock = new MovableClock(Instant.EPOCH);
    final List<ChangeFeed> feeds = new ArrayList<>();

    abstract TestDatabase createDatabase();

    /** A TIMESTAMP type with microseconds that may hold NULL. */
    String timestampType() {
        return "TIMESTAMP NULL";
    }

    /** A TIMESTAMP WITH TIME ZONE type, or null where the database has none. */
    abstract String timestampTzType();

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
        clock.set(Instant.parse("2024-03-01T12:00:00Z"));
        db.execute("DROP TABLE IF EXISTS customers",
                "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200), updated_at " + timestampType() + ")");
    }

    @AfterEach
    void closeFeeds() {
        feeds.forEach(ChangeFeed::close);
        feeds.clear();
    }

    void row(int id, String updatedAt) {
        db.execute("INSERT INTO customers (id, email, updated_at) VALUES (" + id + ", 'c" + id + "@example.com', "
                + (updatedAt == null ? "NULL" : "'" + updatedAt + "'") + ")");
    }

    ChangeFeed feed(String table, String updatedAt) {
        CrmSettings crm = new CrmSettings(db.jdbcUrl(), db.user(), db.password(), "SELECT id, email, 1 AS ok FROM customers",
                "id", "email", "ok");
        ChangeFeed feed = ChangeFeeds.open(crm, new CaptureSettings(CaptureMode.WATERMARK, table, updatedAt, Duration.ofMillis(50)),
                clock);
        feeds.add(feed);
        return feed;
    }

    ChangeFeed feed() {
        return feed("customers", "updated_at");
    }

    @Test
    void rows_come_ordered_by_their_updated_at_value_in_pages_and_rows_without_one_never() {
        row(4, T3);
        row(1, T1);
        row(3, T2);
        row(2, T2);
        row(5, null);
        ChangeFeed feed = feed();

        ChangeBatch first = feed.poll(null, 2);
        ChangeBatch second = feed.poll(first.position(), 2);
        ChangeBatch third = feed.poll(second.position(), 2);

        assertThat(first.keys()).containsExactly("1", "2");
        assertThat(first.more()).isTrue();
        assertThat(first.position()).isEqualTo("2024-03-01T10:00:01|2");
        assertThat(second.keys()).containsExactly("3", "4");
        assertThat(third.keys()).isEmpty();
        assertThat(third.more()).isFalse();
        assertThat(third.position()).isEqualTo(second.position());
    }

    @Test
    void many_rows_sharing_one_value_are_paged_through_not_read_over_and_over() {
        for (int id = 1; id <= 5; id++) {
            row(id, T1);
        }
        ChangeFeed feed = feed();

        ChangeBatch first = feed.poll(null, 2);
        ChangeBatch second = feed.poll(first.position(), 2);
        ChangeBatch third = feed.poll(second.position(), 2);
        ChangeBatch fourth = feed.poll(third.position(), 2);

        assertThat(first.keys()).containsExactly("1", "2");
        assertThat(second.keys()).containsExactly("3", "4");
        assertThat(third.keys()).containsExactly("5");
        assertThat(fourth.keys()).isEmpty();
        assertThat(third.position()).as("old: past its rows").isEqualTo("2024-03-01T10:00:00.25|5");
    }

    @Test
    void a_young_value_is_read_again_so_a_late_commit_with_the_same_value_is_found_until_it_settles() {
        clock.set(Instant.parse("2024-03-01T10:00:03Z"));
        row(1, T3);
        ChangeFeed feed = feed();

        ChangeBatch first = feed.poll(null, 10);
        row(2, T3);
        ChangeBatch again = feed.poll(first.position(), 10);
        clock.set(Instant.parse("2024-03-01T10:01:00Z"));
        ChangeBatch settled = feed.poll(again.position(), 10);
        ChangeBatch quiet = feed.poll(settled.position(), 10);

        assertThat(first.keys()).containsExactly("1");
        assertThat(first.position()).isEqualTo("2024-03-01T10:00:02");
        assertThat(again.keys()).containsExactly("1", "2");
        assertThat(settled.keys()).containsExactly("1", "2");
        assertThat(settled.position()).isEqualTo("2024-03-01T10:00:02|2");
        assertThat(quiet.keys()).isEmpty();
    }

    @Test
    void a_changed_row_comes_again_and_the_latest_position_starts_at_the_newest_change() {
        row(1, T1);
        row(2, T2);
        ChangeFeed feed = feed();
        ChangeBatch drained = feed.poll(null, 10);
        db.execute("UPDATE customers SET updated_at = '" + T3 + "' WHERE id = 1");

        assertThat(feed.poll(drained.position(), 10).keys()).containsExactly("1");
        assertThat(feed.latestPosition()).isEqualTo("2024-03-01T10:00:02");
        assertThat(feed.poll(feed.latestPosition(), 10).keys()).containsExactly("1");
        feed.acknowledge(drained);
    }

    @Test
    void a_position_of_another_kind_reads_from_the_beginning() {
        row(1, T1);

        assertThat(feed().poll("1234", 10).keys()).containsExactly("1");
    }

    @Test
    void a_missing_or_wrongly_typed_column_is_named_with_its_config_key() {
        assertThatThrownBy(() -> feed("customers", "changed_at").poll(null, 10))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key).containsExactly("crm.contacts.updatedAt"))
                .hasMessageContaining("'changed_at'");
        assertThatThrownBy(() -> feed("customers", "email").poll(null, 10))
                .hasMessageContaining("expected a date or a timestamp");
        assertThatThrownBy(() -> feed("custmers", "updated_at").poll(null, 10))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::key).containsExactly("crm.contacts.table"));
    }

    @Test
    void a_timestamp_with_time_zone_is_a_position_with_its_offset() {
        assumeTrue(timestampTzType() != null, "no TIMESTAMP WITH TIME ZONE type");
        db.execute("DROP TABLE customers", "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200), updated_at "
                + timestampTzType() + ")");
        db.execute("INSERT INTO customers (id, email, updated_at) VALUES (1, 'a@example.com', '2024-03-01 10:00:00+00:00'), "
                + "(2, 'b@example.com', '2024-03-01 10:00:00+01:00')");
        ChangeFeed feed = feed();

        ChangeBatch batch = feed.poll(null, 10);

        assertThat(batch.keys()).containsExactly("2", "1");
        assertThat(batch.position()).isEqualTo("2024-03-01T10:00:00Z|1");
        assertThat(feed.poll("2024-03-01T09:30Z", 10).keys()).containsExactly("1");
    }

    @Test
    void waits_sleep_the_poll_interval() {
        assertThat(feed().awaitChange(Duration.ofMinutes(10))).isFalse();
    }
}
