package dev.listbridge.crm.jdbc.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.TestDatabase;
import dev.listbridge.testing.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MariaDbQueueCaptureIT extends QueueCaptureContract {

    @Override
    TestDatabase createDatabase() {
        return TestDatabases.mariadb();
    }

    @Override
    TriggerDialect dialect() {
        return TriggerDialect.MARIADB;
    }

    @Test
    void nothing_wakes_the_feed_it_sleeps_the_poll_interval_and_then_finds_the_change() {
        install();
        ChangeFeed feed = feed();
        db.execute("INSERT INTO customers (id, email, newsletter) VALUES (1, 'anna@example.com', TRUE)");

        boolean woken = feed.awaitChange(Duration.ofMinutes(10));

        assertThat(woken).isFalse();
        assertThat(feed.poll(null, 10).keys()).containsExactly("1");
    }
}
