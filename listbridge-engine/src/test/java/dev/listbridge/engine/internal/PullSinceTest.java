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
    void the_start_never_passes_the_second_of_the_cursor() {
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.plusSeconds(300)))).isEqualTo(CURSOR.minusSeconds(1));
    }

    @Test
    void a_bound_older_than_the_overlap_changes_nothing() {
        assertThat(PullPhase.since(CURSOR, false, Optional.of(CURSOR.minusSeconds(600)))).isEqualTo(CURSOR.minus(PullPhase.OVERLAP));
        assertThat(PullPhase.since(CURSOR, true, Optional.of(CURSOR.minusSeconds(600)))).isEqualTo(CURSOR.minusSeconds(1));
    }
}
