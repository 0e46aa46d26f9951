package dev.listbridge.sandbox.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.MovableClock;
import dev.listbridge.sandbox.internal.model.MemberQuery.Filter;
import dev.listbridge.sandbox.internal.model.MemberQuery.SortField;
import dev.listbridge.sandbox.internal.model.MemberWriter.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Listings sorted by last_changed come from the change index: they must page exactly as filtering and
 * sorting the whole audience does, whatever moves between pages.
 */
class ChangeIndexTest {
    private static final Instant START = Instant.parse("2026-11-23T09:41:02.750Z");

    private final MovableClock clock = new MovableClock(START);
    private final MailchimpState state = new MailchimpState(clock, event -> { });
    private final MemberWriter writer = new MemberWriter(state, new Tagging(state));
    private final RecipientActions people = new RecipientActions(state);
    private final String listId = state.createAudience(null, "Newsletter", false).id();

    @Test
    void pages_sorted_by_last_changed_match_a_full_sort_for_every_filter() {
        Random random = new Random(5);
        for (int i = 0; i < 400; i++) {
            String address = "m" + i + "@example.com";
            writer.write(listId, address, MemberWrite.of(address, MemberStatus.SUBSCRIBED).withStatusIfNew(MemberStatus.SUBSCRIBED),
                    Mode.UPSERT, false, false);
            if (random.nextInt(10) == 0) {
                clock.advance(Duration.ofMillis(700));
            }
        }
        for (int i = 0; i < 400; i += 3) {
            clock.advance(Duration.ofMillis(400));
            String address = "m" + random.nextInt(400) + "@example.com";
            try {
                switch (random.nextInt(3)) {
                    case 0 -> people.hardBounce(listId, address);
                    case 1 -> people.complain(listId, address, "c1");
                    default -> writer.archive(listId, address);
                }
            } catch (RefusedException | IllegalStateException notPossibleInThisState) {
                // e.g. archiving a member twice: the state machine says no, which is fine here
            }
        }
        Audience audience = state.requireAudience(listId);
        List<Instant> times = audience.members().stream().map(Member::lastChanged).distinct().sorted().toList();
        List<Instant> bounds = new ArrayList<>(times);
        bounds.add(null);
        bounds.add(times.get(times.size() / 2).plusMillis(500));

        for (MemberStatus status : new MemberStatus[] {null, MemberStatus.SUBSCRIBED, MemberStatus.CLEANED, MemberStatus.ARCHIVED}) {
            for (int b = 0; b < bounds.size(); b += 3) {
                Instant since = bounds.get(b);
                Instant before = bounds.get((b * 7 + 1) % bounds.size());
                Filter filter = new Filter(status, since, before, null, null, SortField.LAST_CHANGED, false);
                List<Member> expected = reference(audience, filter);
                for (int offset : new int[] {0, 1, 17, expected.size(), expected.size() + 5}) {
                    MemberQuery.Page page = state.locked(() -> MemberQuery.page(audience, filter, offset, 25));

                    assertThat(page.totalItems()).as("total for %s", filter).isEqualTo(expected.size());
                    assertThat(page.members()).as("page at %d for %s", offset, filter)
                            .containsExactlyElementsOf(expected.stream().skip(offset).limit(25).toList());
                }
            }
        }
    }

    @Test
    void the_index_follows_every_member_through_its_changes() {
        writer.write(listId, "a@example.com", MemberWrite.of("a@example.com", MemberStatus.SUBSCRIBED)
                .withStatusIfNew(MemberStatus.SUBSCRIBED), Mode.UPSERT, false, false);
        clock.advance(Duration.ofSeconds(2));
        people.unsubscribe(listId, "a@example.com", "manual");
        people.changeAddress(listId, "a@example.com", "b@example.com");

        Audience audience = state.requireAudience(listId);
        assertThat(audience.changes().size()).isEqualTo(1);
        assertThat(audience.changes().page(MemberStatus.UNSUBSCRIBED, START, null, 0, 10).members())
                .extracting(Member::emailAddress).containsExactly("b@example.com");
        assertThat(audience.changes().page(MemberStatus.SUBSCRIBED, null, null, 0, 10).totalItems()).isZero();
    }

    /** What the listing answered before the index: filter the whole audience, then sort it. */
    private static List<Member> reference(Audience audience, Filter filter) {
        return audience.members().stream()
                .filter(member -> filter.status() == null ? member.status() != MemberStatus.ARCHIVED : member.status() == filter.status())
                .filter(member -> filter.sinceLastChanged() == null
                        || member.lastChanged() != null && member.lastChanged().isAfter(filter.sinceLastChanged()))
                .filter(member -> filter.beforeLastChanged() == null
                        || member.lastChanged() != null && member.lastChanged().isBefore(filter.beforeLastChanged()))
                .sorted(Comparator.<Member, Instant>comparing(Member::lastChanged, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparingLong(Member::sequence))
                .toList();
    }
}
