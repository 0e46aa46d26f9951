package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresQueueCaptureIT extends QueueCaptureContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.postgres();
    }

    @Override
    TriggerDialect dialect() {
        return TriggerDialect.POSTGRESQL;
    }

    /** Dropping the table drops its triggers, not the trigger function. */
    @Override
    @BeforeEach
    void fixture() {
        super.fixture();
        db.execute("DROP FUNCTION IF EXISTS listbridge_customers_capture()");
    }

    @Test
    void a_committed_insert_wakes_the_waiting_feed() throws Exception {
        install();
        ChangeFeed feed = feed();
        assertThat(feed.awaitChange(Duration.ofSeconds(5))).as("first wait: listening now, look at once").isTrue();
        assertThat(feed.poll(null, 10).keys()).isEmpty();
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            later.schedule(() -> db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)"),
                    300, TimeUnit.MILLISECONDS);

            boolean woken = feed.awaitChange(Duration.ofMinutes(1));

            assertThat(woken).isTrue();
            assertThat(feed.poll(null, 10).keys()).containsExactly("1");
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void a_wait_without_a_change_times_out_with_false() {
        install();
        ChangeFeed feed = feed();
        feed.awaitChange(Duration.ofSeconds(5));

        assertThat(feed.awaitChange(Duration.ofMillis(600))).isFalse();
    }

    @Test
    void a_lost_listening_connection_is_opened_again_and_wakes_the_feed_again() throws Exception {
        install();
        ChangeFeed feed = feed();
        feed.awaitChange(Duration.ofSeconds(5));
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'");

        assertThat(feed.awaitChange(Duration.ofSeconds(30))).as("lost: look at once, listen again").isTrue();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> feed.awaitChange(Duration.ofMinutes(1)));
        Thread.sleep(1000);
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)");

        assertThat(waiting.get(2, TimeUnit.MINUTES)).isTrue();
    }
}
