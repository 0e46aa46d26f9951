package dev.listbridge.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BlastRadiusTest {
    @Test
    void a_percentage_is_exceeded_by_more_than_that_share_of_the_population() {
        BlastRadius radius = BlastRadius.parse("5%");

        assertThat(radius.exceeded(50, 1000)).isFalse();
        assertThat(radius.exceeded(51, 1000)).isTrue();
        assertThat(radius).hasToString("5%");
    }

    @Test
    void a_count_is_exceeded_by_more_than_that_many() {
        BlastRadius radius = BlastRadius.parse("250");

        assertThat(radius.exceeded(250, 10)).isFalse();
        assertThat(radius.exceeded(251, 1_000_000)).isTrue();
        assertThat(radius).hasToString("250");
    }

    @Test
    void zero_holds_any_removal() {
        assertThat(BlastRadius.parse("0%").exceeded(1, 1_000_000)).isTrue();
        assertThat(BlastRadius.parse("0").exceeded(1, 1_000_000)).isTrue();
        assertThat(BlastRadius.parse("0%").exceeded(0, 1_000_000)).isFalse();
    }

    @Test
    void fractions_and_spaces_are_accepted() {
        assertThat(BlastRadius.parse("2.5 %")).hasToString("2.5%");
        assertThat(BlastRadius.parse("100%").exceeded(1000, 1000)).isFalse();
    }

    @Test
    void one_hundred_percent_never_holds_even_when_write_backs_reach_contacts_deleted_since() {
        assertThat(BlastRadius.parse("100%").exceeded(2, 1)).isFalse();
        assertThat(BlastRadius.parse("100%").exceeded(1, 0)).isFalse();
    }

    @Test
    void anything_else_is_rejected_with_what_is_expected() {
        assertThatThrownBy(() -> BlastRadius.parse("101%")).hasMessage("a percentage must be between 0% and 100%");
        assertThatThrownBy(() -> BlastRadius.parse("five")).hasMessage("expected a percentage like 5% or a count like 250");
        assertThatThrownBy(() -> BlastRadius.parse("-1")).hasMessage("expected a percentage like 5% or a count like 250");
        assertThatThrownBy(() -> BlastRadius.parse("%")).hasMessage("expected a percentage like 5% or a count like 250");
    }
}
