package dev.listbridge.sandbox.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.testing.MovableClock;
import dev.listbridge.sandbox.internal.model.MemberQuery.Filter;
import dev.listbridge.sandbox.internal.model.MemberWriter.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The member state machine without HTTP: API writes, recipient actions, and the change feed. */
class MemberStateMachineTest {
    private static final Instant START = Instant.parse("2026-11-23T09:41:02.750Z");

    private final MovableClock clock = new MovableClock(START);
    private final List<ListEvent> events = new ArrayList<>();
    private final MailchimpState state = new MailchimpState(clock, events::add);
    private final MemberWriter writer = new MemberWriter(state, new Tagging(state));
    private final RecipientActions people = new RecipientActions(state);
    private String listId;

    @BeforeEach
    void createList() {
        listId = state.createAudience(null, "Newsletter", true).id();
    }

    private Member write(String address, MemberStatus status, Mode mode) {
        return writer.write(listId, address, MemberWrite.of(address, status).withStatusIfNew(status), mode, false, false).member();
    }

    private Member member(String address) {
        return state.requireAudience(listId).findMember(address).orElseThrow();
    }

    private List<String> changedSince(Instant since) {
        return state.locked(() -> MemberQuery.page(state.requireAudience(listId),
                new Filter(null, since, null, null, null, null, false), 0, 1000)
                .members().stream().map(Member::emailAddress).toList());
    }

    @Test
    void times_are_kept_to_the_second() {
        Member member = write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);

        assertThat(member.lastChanged()).isEqualTo(Instant.parse("2026-11-23T09:41:02Z"));
        assertThat(member.timestampOpt()).isEqualTo(member.lastChanged());
        assertThat(member.timestampSignup()).isNull();
    }

    @Test
    void since_last_changed_is_strict_so_a_change_in_the_cursors_second_is_not_seen_again() {
        write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        Instant cursor = member("a@example.com").lastChanged();
        clock.advance(Duration.ofMillis(200));
        write("b@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        clock.advance(Duration.ofSeconds(1));
        people.unsubscribe(listId, "a@example.com", "manual");

        assertThat(changedSince(cursor)).containsExactly("a@example.com");
        assertThat(changedSince(cursor.minusSeconds(1))).containsExactly("a@example.com", "b@example.com");
    }

    @Test
    void a_no_op_write_does_not_move_last_changed() {
        write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        clock.advance(Duration.ofMinutes(1));

        Member again = write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);

        assertThat(again.lastChanged()).isEqualTo(Instant.parse("2026-11-23T09:41:02Z"));
    }

    @Test
    void the_api_cannot_resubscribe_after_unsubscribe_bounce_or_complaint() {
        for (String address : List.of("u@example.com", "c@example.com", "x@example.com")) {
            write(address, MemberStatus.SUBSCRIBED, Mode.UPSERT);
        }
        people.unsubscribe(listId, "u@example.com", "manual");
        people.hardBounce(listId, "c@example.com");
        people.complain(listId, "x@example.com", "cmp1");

        for (String address : List.of("u@example.com", "c@example.com", "x@example.com")) {
            assertThatThrownBy(() -> write(address, MemberStatus.SUBSCRIBED, Mode.UPDATE))
                    .isInstanceOfSatisfying(RefusedException.class,
                            refused -> assertThat(refused.reason()).isEqualTo(RefusedException.Reason.COMPLIANCE_STATE));
        }
        assertThat(write("u@example.com", MemberStatus.PENDING, Mode.UPDATE).status()).isEqualTo(MemberStatus.PENDING);
        assertThatThrownBy(() -> write("c@example.com", MemberStatus.PENDING, Mode.UPDATE)).isInstanceOf(RefusedException.class);
        assertThatThrownBy(() -> write("x@example.com", MemberStatus.PENDING, Mode.UPDATE)).isInstanceOf(RefusedException.class);
        assertThat(state.requireAudience(listId).abuseReports()).hasSize(1);
    }

    @Test
    void a_hard_bounce_cleans_from_any_status_even_archived() {
        write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        writer.archive(listId, "a@example.com");

        people.hardBounce(listId, "a@example.com");

        assertThat(member("a@example.com").status()).isEqualTo(MemberStatus.CLEANED);
    }

    @Test
    void an_archived_unsubscribe_stays_an_unsubscribe_when_added_again() {
        write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        people.unsubscribe(listId, "a@example.com", "manual");
        writer.archive(listId, "a@example.com");

        assertThatThrownBy(() -> write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT)).isInstanceOf(RefusedException.class);
        assertThat(write("a@example.com", MemberStatus.PENDING, Mode.UPSERT).status()).isEqualTo(MemberStatus.PENDING);
    }

    @Test
    void an_archived_subscriber_is_added_again_with_its_history() {
        Member original = write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        writer.archive(listId, "a@example.com");

        MemberWriter.Outcome again = writer.write(listId, null, MemberWrite.of("a@example.com", MemberStatus.SUBSCRIBED), Mode.CREATE, false, false);

        assertThat(again.created()).isFalse();
        assertThat(again.member().contactId()).isEqualTo(original.contactId());
        assertThat(again.member().status()).isEqualTo(MemberStatus.SUBSCRIBED);
    }

    @Test
    void signup_and_confirmation_follow_the_lists_double_opt_in_setting() {
        people.signup(listId, "a@example.com", Map.of("FNAME", "Ada"));
        assertThat(member("a@example.com").status()).isEqualTo(MemberStatus.PENDING);
        assertThat(member("a@example.com").timestampOpt()).isNull();

        clock.advance(Duration.ofMinutes(3));
        people.confirm(listId, "a@example.com");

        assertThat(member("a@example.com").status()).isEqualTo(MemberStatus.SUBSCRIBED);
        assertThat(member("a@example.com").timestampOpt()).isEqualTo(Instant.parse("2026-11-23T09:44:02Z"));
        assertThatThrownBy(() -> people.confirm(listId, "a@example.com")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> people.unsubscribe(listId, "nobody@example.com", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_address_change_keeps_the_member_its_tags_and_moves_its_id() {
        Member member = writer.write(listId, null, new MemberWrite("old@example.com", MemberStatus.SUBSCRIBED, null, Map.of(),
                List.of("crm"), Map.of(), null, null, null, null, null, null, null), Mode.CREATE, false, false).member();
        String oldId = member.id();

        people.changeAddress(listId, "old@example.com", "new@example.com");

        Audience audience = state.requireAudience(listId);
        assertThat(member.id()).isNotEqualTo(oldId).isEqualTo(EmailAddresses.subscriberHash("new@example.com"));
        assertThat(audience.findMember(oldId)).isEmpty();
        assertThat(audience.tagsOf(member)).extracting(Segment::name).containsExactly("crm");
        assertThat(events).extracting(ListEvent::type).contains("upemail");
        assertThat(events.get(events.size() - 1).data()).containsEntry("old_email", "old@example.com").containsEntry("new_email", "new@example.com");
    }

    @Test
    void api_changes_are_events_from_the_api_source_and_people_from_the_user_source() {
        write("a@example.com", MemberStatus.SUBSCRIBED, Mode.UPSERT);
        people.unsubscribe(listId, "a@example.com", "manual");

        assertThat(events).extracting(ListEvent::type, ListEvent::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("subscribe", "api"), org.assertj.core.groups.Tuple.tuple("unsubscribe", "user"));
    }

    @Test
    void addresses_follow_mailchimps_rules() {
        assertThat(EmailAddresses.problem("ada@example.com")).isEmpty();
        assertThat(EmailAddresses.problem("jan@xn--mller-kva.de")).isEmpty();
        assertThat(EmailAddresses.problem("first.last+tag@sub.example.co")).isEmpty();
        assertThat(EmailAddresses.problem("jürgen@example.com")).contains(EmailAddresses.INVALID);
        assertThat(EmailAddresses.problem("jan@müller.de")).contains(EmailAddresses.INVALID);
        assertThat(EmailAddresses.problem("a..b@example.com")).contains(EmailAddresses.INVALID);
        assertThat(EmailAddresses.problem("ada@localhost")).contains(EmailAddresses.INVALID);
        assertThat(EmailAddresses.problem("ada@@example.com")).contains(EmailAddresses.INVALID);
        assertThat(EmailAddresses.problem("x@nowhere.invalid")).get().asString().contains("looks fake or invalid");
        assertThat(EmailAddresses.subscriberHash("Ada@Example.COM")).isEqualTo(EmailAddresses.subscriberHash("ada@example.com"));
    }
}
