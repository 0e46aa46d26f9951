package dev.listbridge.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PullSinceTest {
    private static final Instant CURSOR = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void without_a_read_through_bound_the_pull_overlaps_a_minute_or_a_second_when_settled() {
        assertThat(PullPhase.since(CURSOR, false, Optional.empty())).isEqualTo(CURSOR.minus(PullPhase.OVERLAP));
        assertThat(PullPhase.since(CURSOR, true, Optional.empty())).isEqualTo(CURSOR.minusSeconds(1));
    }

    @Test
    void a_read_through_bound_inside_the_overlap_moves_the_start_up_to_a_second_before_it() {
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.minusSeconds(20)))).isEqualTo(CURSOR.minusSeconds(21));
    }

    @Test
    void a_bound_past_the_cursor_second_starts_the_pull_right_after_that_second() {
        // every change reported at the cursor's second happened by cursor + 1 s: read through
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.plusMillis(1500)))).isEqualTo(CURSOR);
        assertThat(PullPhase.since(CURSOR, true, Optional.of(CURSOR.plusSeconds(1)))).isEqualTo(CURSOR);
    }

    @Test
    void the_start_never_passes_the_cursor_so_a_change_newer_than_the_newest_seen_is_read() {
        // e.g. our clock jumped forward, and the bound learnt from it with it
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.plusSeconds(300)))).isEqualTo(CURSOR);
    }

    @Test
    void the_second_the_bound_falls_in_is_read_again() {
        // a change at cursor + 0.7 s, reported at the cursor's second, may not have been visible yet
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.plusMillis(500)))).isEqualTo(CURSOR.minusSeconds(1));
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.minusMillis(19_500)))).isEqualTo(CURSOR.minusSeconds(21));
    }

    @Test
    void a_bound_older_than_the_overlap_changes_nothing() {
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.minusSeconds(600)))).isEqualTo(CURSOR.minus(PullPhase.OVERLAP));
        assertThat(PullPhase.since(CURSOR, true, Optional.of(CURSOR.minusSeconds(600)))).isEqualTo(CURSOR.minusSeconds(1));
    }
}
