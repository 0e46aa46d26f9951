package dev.listbridge.mailchimp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.mailchimp.internal.EventCursor.Phase;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventCursorTest {

    @Test
    void tokens_survive_a_round_trip() {
        for (EventCursor cursor : new EventCursor[] {
                EventCursor.first(null),
                new EventCursor(Phase.ARCHIVED, 1_699_999_000L, 1_700_000_000L, 1_700_000_100L, 2000, 2500),
                new EventCursor(Phase.ABUSE, 5L, 5L, null, 1000, -1)}) {
            assertThat(EventCursor.decode(cursor.encode())).isEqualTo(cursor);
        }
    }

    @Test
    void foreign_tokens_are_refused() {
        assertThatThrownBy(() -> EventCursor.decode("17")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCursor.decode("later:-:-:-:0:-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventCursor.decode("members:-:x:-:0:-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_since_with_a_fraction_includes_its_whole_second() {
        assertThat(EventCursor.sinceSecond(Instant.parse("2026-01-01T10:00:00Z"))).isEqualTo(Instant.parse("2026-01-01T10:00:00Z").getEpochSecond());
        assertThat(EventCursor.sinceSecond(Instant.parse("2026-01-01T10:00:00.500Z"))).isEqualTo(Instant.parse("2026-01-01T09:59:59Z").getEpochSecond());
        assertThat(EventCursor.sinceSecond(null)).isNull();
    }

    @Test
    void every_phase_starts_at_the_pulls_own_since() {
        long origin = Instant.parse("2026-01-01T10:00:00Z").getEpochSecond();
        EventCursor abuse = EventCursor.first(Instant.ofEpochSecond(origin));
        assertThat(abuse).isEqualTo(new EventCursor(Phase.ABUSE, origin, origin, null, 0, -1));
        EventCursor members = abuse.at(2000).nextPhase();
        assertThat(members).isEqualTo(new EventCursor(Phase.MEMBERS, origin, origin, null, 0, -1));

        assertThat(members.after(origin + 50).nextPhase()).isEqualTo(new EventCursor(Phase.ARCHIVED, origin, origin, null, 0, -1));
        assertThat(members.nextPhase().nextPhase()).isNull();
    }
}
