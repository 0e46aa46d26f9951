package dev.listbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContract {
    @TempDir
    Path dir;
    StateStore store;

    @BeforeEach
    void open() {
        store = StateStore.open("jdbc:sqlite:" + dir.resolve("sub/folder/state.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    StateStore store() {
        return store;
    }

    @Test
    void reopening_an_existing_file_keeps_its_data() {
        store.inTransaction(tx -> {
            tx.cursors().set("n", "events", "kept");
            return null;
        });
        store.close();
        store = StateStore.open("jdbc:sqlite:" + dir.resolve("sub/folder/state.db"));
        var cursor = store.inTransaction(tx -> tx.cursors().get("n", "events"));
        assertThat(cursor).contains("kept");
    }

    @Test
    void a_store_of_version_8_keeps_its_unsubscribes_windows_when_migrated() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("v8.db");
        Flyway.configure().dataSource(url, null, null).placeholders(Map.of("id", Dialect.SQLITE.identityColumn()))
                .locations("classpath:db/migration").target("8").load().migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            // version 8 kept when the last attempt ended; the 120 s the tool may run a call on were added when read
            statement.executeUpdate("INSERT INTO outbox (run_id, audience, kind, email_key, payload, state, attempts, "
                    + "created_at, updated_at, maybe_applied_at) VALUES (1, 'n', 'unsubscribe', 'a@example.com', '{}', "
                    + "'pending', 1, 10, 20, 1000)");
        }

        StateStore migrated = StateStore.open(url);
        try {
            OptionalLong until = migrated.inTransaction(tx -> tx.outbox().unsubscribeMayHaveApplied("n", "a@example.com",
                    Duration.ofSeconds(120)));
            assertThat(until).hasValue(121_000);
        } finally {
            migrated.close();
        }
    }

    @Test
    void the_sqlite_store_runs_in_wal_mode_with_a_64_mib_page_cache_a_memory_map_and_checkpoints_of_its_own() {
        String journal = store.inTransaction(tx -> tx.jdbc().one("PRAGMA journal_mode", rs -> rs.getString(1)).orElseThrow());
        long cacheSize = store.inTransaction(tx -> tx.jdbc().count("PRAGMA cache_size"));
        long synchronous = store.inTransaction(tx -> tx.jdbc().count("PRAGMA synchronous"));
        long mmapSize = store.inTransaction(tx -> tx.jdbc().count("PRAGMA mmap_size"));
        long autoCheckpoint = store.inTransaction(tx -> tx.jdbc().count("PRAGMA wal_autocheckpoint"));
        assertThat(mmapSize).isEqualTo(1L << 36);
        assertThat(autoCheckpoint).isEqualTo(262_144L); // a backstop: WalCheckpointer copies the log
        assertThat(journal).isEqualTo("wal");
        assertThat(cacheSize).isEqualTo(-65536L);
        assertThat(synchronous).isEqualTo(1L); // NORMAL
    }

    @Test
    void committed_pages_reach_the_database_file_without_the_committing_connection_checkpointing() throws Exception {
        Path file = dir.resolve("sub/folder/state.db");
        long before = Files.size(file);
        store.inTransaction(tx -> {
            for (int i = 0; i < 2_000; i++) {
                tx.cursors().set("n", "key" + i, "x".repeat(1_000)); // about 2 MB: far below the 1 GiB backstop
            }
            return null;
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.size(file) < before + 1_500_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.size(file)).as("database file after the commit").isGreaterThan(before + 1_500_000);
    }

    @Test
    void the_log_starts_over_small_once_its_pages_reached_the_file() throws Exception {
        Path file = dir.resolve("sub/folder/state.db");
        Path log = dir.resolve("sub/folder/state.db-wal");
        long before = Files.size(file);
        store.inTransaction(tx -> {
            for (int i = 0; i < 2_000; i++) {
                tx.cursors().set("n", "key" + i, "x".repeat(1_000));
            }
            return null;
        });
        assertThat(Files.size(log)).as("log after the large commit").isGreaterThan(1_500_000);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Files.size(file) < before + 1_500_000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200); // the checkpoint that copied the pages has ended
        store.inTransaction(tx -> {
            tx.cursors().set("n", "small", "y");
            return null;
        });
        // reused from its start and truncated at that commit (journal_size_limit 0), not kept at its largest size
        assertThat(Files.size(log)).as("log after a small commit").isLessThan(100_000);
    }

    @Test
    void an_address_s_open_writes_are_found_through_the_index_of_open_writes_only() {
        for (String sql : java.util.List.of(Outbox.SUPERSEDE, Outbox.PARK)) {
            String plan = store.inTransaction(tx -> String.join("\n", tx.jdbc().list("EXPLAIN QUERY PLAN " + sql,
                    rs -> rs.getString("detail"), 1L, "n", "upsert", "a@example.org")));
            assertThat(plan).as(sql).contains("USING INDEX outbox_open_by_address");
        }
    }

    @Test
    void the_indexes_by_address_that_hold_only_some_rows_serve_their_queries() {
        String attempts = store.inTransaction(tx -> String.join("\n", tx.jdbc().list("EXPLAIN QUERY PLAN "
                + Outbox.UNSUBSCRIBE_ATTEMPTS, rs -> rs.getString("detail"), "n", "a@example.org")));
        assertThat(attempts).contains("USING INDEX outbox_unsubscribes_by_address");
        String timeline = store.inTransaction(tx -> String.join("\n", tx.jdbc().list("EXPLAIN QUERY PLAN "
                + Audit.timelineSql(2), rs -> rs.getString("detail"), "c-1", "a@example.org", "b@example.org")));
        assertThat(timeline).contains("USING INDEX audit_by_contact").contains("USING INDEX audit_unattributed_by_address");
        String ofContacts = store.inTransaction(tx -> String.join("\n", tx.jdbc().list("EXPLAIN QUERY PLAN "
                + Audit.ofContactsSql(2), rs -> rs.getString("detail"), "n", "crm_write_back", "c-1", "c-2")));
        assertThat(ofContacts).contains("USING INDEX audit_by_contact");
    }

    @Test
    void an_unsupported_url_is_refused_with_what_is_expected() {
        assertThatThrownBy(() -> StateStore.open("jdbc:oracle:thin:@x")).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("expected jdbc:sqlite:FILE or jdbc:postgresql");
    }
}
