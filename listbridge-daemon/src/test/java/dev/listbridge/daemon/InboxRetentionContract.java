package dev.listbridge.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.MovableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Handled webhook receipts are kept a day less than the retention of applied event ids, and only those are replayed:
 * a receipt processed again always meets its events' ids. Subclasses open the daemon's tables on SQLite and PostgreSQL.
 */
abstract class InboxRetentionContract {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    private DaemonStore store;
    private Inbox inbox;

    /** Opens the daemon's tables of a fresh state store. */
    abstract DaemonStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
        inbox = store.inbox();
    }

    @AfterEach
    void close() {
        store.close();
        closed();
    }

    /** After the store is closed: what the subclass opened for it goes. */
    void closed() {
    }

    private long receipt(String audience, long receivedAt, String state) {
        long id = inbox.store(InboxReceipt.received("mailchimp", audience, receivedAt, "POST",
                "application/x-www-form-urlencoded", "{}", "type=unsubscribe".getBytes(StandardCharsets.UTF_8)));
        if (!Inbox.NEW.equals(state)) {
            inbox.finish(id, state, "test", receivedAt + 1_000);
        }
        return id;
    }

    @Test
    void receipts_are_kept_a_day_less_than_the_retention() {
        assertThat(Inbox.keptFor(RETENTION)).isEqualTo(Duration.ofDays(29));
    }

    @Test
    void only_handled_receipts_received_before_the_cutoff_are_forgotten() {
        long cutoff = NOW - Inbox.keptFor(RETENTION).toMillis();
        receipt("newsletter", cutoff - DAY, Inbox.DONE);
        receipt("newsletter", cutoff - DAY, Inbox.FAILED);
        long waiting = receipt("newsletter", cutoff - DAY, Inbox.NEW); // the CRM was down: still to be applied
        long recent = receipt("newsletter", cutoff, Inbox.DONE);

        assertThat(inbox.forgetHandled(cutoff)).isEqualTo(2);
        assertThat(inbox.recent(10)).extracting(InboxReceipt::id).containsExactlyInAnyOrder(waiting, recent);
    }

    @Test
    void many_handled_receipts_are_forgotten_a_chunk_at_a_time_to_the_last() {
        long cutoff = NOW - Inbox.keptFor(RETENTION).toMillis();
        for (int i = 0; i < Inbox.FORGET_CHUNK * 2 + 5; i++) {
            receipt("newsletter", cutoff - DAY + i, Inbox.DONE);
        }
        long recent = receipt("newsletter", cutoff, Inbox.DONE);

        assertThat(inbox.forgetHandled(cutoff)).isEqualTo(Inbox.FORGET_CHUNK * 2 + 5);
        assertThat(inbox.recent(10)).extracting(InboxReceipt::id).containsExactly(recent);
    }

    @Test
    void a_replay_marks_the_receipts_received_since_the_cutoff_and_counts_the_older_ones() {
        long cutoff = NOW - Inbox.keptFor(RETENTION).toMillis();
        long old = receipt("newsletter", cutoff - 1, Inbox.DONE);
        long recent = receipt("newsletter", cutoff, Inbox.DONE);
        long otherAudience = receipt("b2b", cutoff + DAY, Inbox.DONE);

        Inbox.Replayed replayed = inbox.replay(0, "newsletter", cutoff);

        assertThat(replayed).isEqualTo(new Inbox.Replayed(1, 1));
        assertThat(inbox.pending(0, 10)).extracting(InboxReceipt::id).containsExactly(recent);
        assertThat(inbox.replay(0, null, cutoff)).isEqualTo(new Inbox.Replayed(2, 1));
        assertThat(inbox.pending(0, 10)).extracting(InboxReceipt::id).containsExactly(recent, otherAudience)
                .doesNotContain(old);
    }

    @Test
    void the_processor_forgets_handled_receipts_at_its_start_and_then_once_a_day() {
        MovableClock clock = new MovableClock(Instant.ofEpochMilli(NOW));
        long keep = Inbox.keptFor(RETENTION).toMillis();
        receipt("newsletter", NOW - keep - 1, Inbox.DONE);
        receipt("newsletter", NOW - keep + DAY / 2, Inbox.DONE);
        InboxProcessor processor = new InboxProcessor(inbox, Map.of(), name -> null, RETENTION, clock);

        processor.forgetHandledDaily();
        assertThat(inbox.recent(10)).hasSize(1);
        clock.advance(Duration.ofMillis(DAY - 1));
        processor.forgetHandledDaily(); // older than kept by now, but the day is not over
        assertThat(inbox.recent(10)).hasSize(1);
        clock.advance(Duration.ofMillis(1));
        processor.forgetHandledDaily();
        assertThat(inbox.recent(10)).isEmpty();
    }
}
