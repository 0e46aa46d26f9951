package dev.listbridge.mailchimp.internal;

import static dev.listbridge.mailchimp.internal.StubMailchimp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.mailchimp.internal.EventCursor.Phase;
import dev.listbridge.spi.EventPage;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolEvent;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventReaderTest {

    private static final Instant SINCE = Instant.parse("2026-01-01T10:00:00Z");
    private static final String MEMBERS = "GET /lists/L1/members";

    private final StubMailchimp stub = new StubMailchimp();
    private final MailchimpHttp http = new MailchimpHttp(stub.config(), StubMailchimp.context("events"));
    private final EventReader reader = new EventReader(http, 3);

    EventReaderTest() throws Exception {
    }

    @AfterEach
    void close() {
        http.close();
        stub.close();
    }

    @Test
    void members_changed_after_since_become_events_with_stable_ids() {
        stub.on(MEMBERS, json(200, members(
                member("h1", "ann@example.com", "subscribed", "10:00:01"),
                member("h2", "bob@example.com", "unsubscribed", "10:00:02"),
                member("h3", "carl@example.com", "cleaned", "10:00:05"))));

        EventPage page = reader.read("L1", SINCE, membersFrom(SINCE));

        Map<String, String> query = stub.seen.get(0).query();
        assertThat(query).containsEntry("since_last_changed", "2026-01-01T10:00:00+00:00")
                .containsEntry("sort_field", "last_changed").containsEntry("sort_dir", "ASC")
                .containsEntry("count", "3").doesNotContainKeys("status", "offset", "before_last_changed");
        assertThat(page.events()).satisfiesExactly(
                event -> assertThat(event).isEqualTo(new ToolEvent.Subscribed("member:" + at("10:00:01").getEpochSecond() + ":h1:subscribed",
                        "h1", dev.listbridge.spi.Address.parse("ann@example.com"), at("10:00:01"), SubscriptionStatus.SUBSCRIBED, Map.of("CRMKEY", "K1"))),
                event -> assertThat(event).isInstanceOfSatisfying(ToolEvent.Unsubscribed.class,
                        unsubscribed -> assertThat(unsubscribed.reason()).isEqualTo("N/A (Unsubscribed by an admin)")),
                event -> assertThat(event).isInstanceOf(ToolEvent.HardBounced.class));
        // keyset paging: the next page starts one second before the last change seen
        assertThat(EventCursor.decode(page.nextPageToken()))
                .isEqualTo(new EventCursor(Phase.MEMBERS, SINCE.getEpochSecond(), at("10:00:04").getEpochSecond(), null, 0, -1));
    }

    @Test
    void a_page_within_one_second_is_read_by_offset_within_that_second() {
        String a = member("h1", "a@example.com", "subscribed", "10:00:05");
        String b = member("h2", "b@example.com", "subscribed", "10:00:05");
        String c = member("h3", "c@example.com", "subscribed", "10:00:05");
        stub.on(MEMBERS,
                json(200, members(9, a, b, c)),
                json(200, members(4, a, b, c)),
                json(200, members(4, member("h4", "d@example.com", "pending", "10:00:05"))));
        long second = at("10:00:05").getEpochSecond();

        EventPage first = reader.read("L1", SINCE, membersFrom(SINCE));
        assertThat(EventCursor.decode(first.nextPageToken()))
                .isEqualTo(new EventCursor(Phase.MEMBERS, SINCE.getEpochSecond(), SINCE.getEpochSecond(), second, 0, -1));
        EventPage within = reader.read("L1", SINCE, first.nextPageToken());
        assertThat(stub.seen.get(1).query()).containsEntry("since_last_changed", "2026-01-01T10:00:04+00:00")
                .containsEntry("before_last_changed", "2026-01-01T10:00:06+00:00").containsEntry("offset", "0");
        EventPage rest = reader.read("L1", SINCE, within.nextPageToken());
        assertThat(stub.seen.get(2).query()).containsEntry("offset", "3");

        assertThat(rest.events()).singleElement().isInstanceOfSatisfying(ToolEvent.Subscribed.class,
                event -> assertThat(event.status()).isEqualTo(SubscriptionStatus.PENDING));
        assertThat(EventCursor.decode(rest.nextPageToken()))
                .isEqualTo(new EventCursor(Phase.MEMBERS, SINCE.getEpochSecond(), second, null, 0, -1));
    }

    @Test
    void a_second_that_loses_members_while_read_is_read_again_from_its_start() {
        // the second held 7 members when 3 were read; now it holds 3: some changed and left it
        String b = member("h2", "b@example.com", "subscribed", "10:00:05");
        String c = member("h3", "c@example.com", "subscribed", "10:00:05");
        long second = at("10:00:05").getEpochSecond();
        stub.on(MEMBERS, json(200, members(3, b, c, member("h5", "e@example.com", "subscribed", "10:00:05"))));

        EventPage page = reader.read("L1", SINCE,
                new EventCursor(Phase.MEMBERS, SINCE.getEpochSecond(), SINCE.getEpochSecond(), second, 3, 7).encode());

        assertThat(page.events()).hasSize(3);
        assertThat(EventCursor.decode(page.nextPageToken()))
                .isEqualTo(new EventCursor(Phase.MEMBERS, SINCE.getEpochSecond(), SINCE.getEpochSecond(), second, 0, 3));
    }

    @Test
    void abuse_reports_come_first_then_members_then_archived_members() {
        stub.on("GET /lists/L1/abuse-reports", json(200, """
                {"abuse_reports":[
                  {"id":41,"campaign_id":"c1","list_id":"L1","email_id":"h5","email_address":"old@example.com","date":"2026-01-01T09:59:59+00:00"},
                  {"id":42,"campaign_id":"c1","list_id":"L1","email_id":"h6","email_address":"eve@example.com","date":"2026-01-01T10:00:03+00:00"},
                  {"id":43,"campaign_id":"c2","list_id":"L1","email_id":"h7","email_address":"not an address","date":"2026-01-01T10:00:04+00:00"}],
                 "total_items":3}"""),
                json(200, """
                {"abuse_reports":[],"total_items":3}"""));
        stub.on(MEMBERS,
                json(200, members(member("h1", "a@example.com", "subscribed", "10:00:01"))),
                json(200, members(member("h2", "b@example.com", "archived", "10:00:07"))));

        EventPage abuse = reader.read("L1", SINCE, null);
        // a full page of reports: the next one is asked for by offset; later pages carry the pull's since in their token
        assertThat(EventCursor.decode(abuse.nextPageToken()))
                .isEqualTo(new EventCursor(Phase.ABUSE, SINCE.getEpochSecond(), SINCE.getEpochSecond(), null, 3, -1));
        EventPage lastAbuse = reader.read("L1", null, abuse.nextPageToken());
        EventPage members = reader.read("L1", null, lastAbuse.nextPageToken());
        EventPage archived = reader.read("L1", null, members.nextPageToken());

        assertThat(stub.seen.get(1).query()).containsEntry("offset", "3");
        assertThat(abuse.events()).singleElement().isEqualTo(new ToolEvent.Complained("abuse:42", "h6",
                dev.listbridge.spi.Address.parse("eve@example.com"), at("10:00:03"), "c1"));
        assertThat(stub.seen.get(2).query()).doesNotContainKey("status")
                .containsEntry("since_last_changed", "2026-01-01T10:00:00+00:00");
        assertThat(members.events()).singleElement().isInstanceOf(ToolEvent.Subscribed.class);
        assertThat(stub.seen.get(3).query()).containsEntry("status", "archived")
                .containsEntry("since_last_changed", "2026-01-01T10:00:00+00:00");
        assertThat(archived.events()).singleElement().isInstanceOf(ToolEvent.Archived.class);
        assertThat(archived.nextPageToken()).isNull();
    }

    @Test
    void without_since_everything_is_read_and_bad_addresses_are_skipped() {
        stub.on(MEMBERS, json(200, members(member("h1", "no at sign", "subscribed", "10:00:01"),
                member("h2", "b@example.com", "transactional", "10:00:02"))));

        EventPage page = reader.read("L1", null, membersFrom(null));

        assertThat(stub.seen.get(0).query()).doesNotContainKey("since_last_changed");
        assertThat(page.events()).isEmpty();
        assertThat(EventCursor.decode(page.nextPageToken())).isEqualTo(new EventCursor(Phase.ARCHIVED, null, null, null, 0, -1));
    }

    /** The token of a pull's first page of members, which follows the abuse reports. */
    private static String membersFrom(Instant since) {
        return EventCursor.first(since).nextPhase().encode();
    }

    private static Instant at(String time) {
        return Instant.parse("2026-01-01T" + time + "Z");
    }

    private static String member(String id, String email, String status, String time) {
        String reason = status.equals("unsubscribed") ? "N/A (Unsubscribed by an admin)" : "";
        return """
                {"id":"%s","email_address":"%s","status":"%s","merge_fields":{"CRMKEY":"K1"},
                 "last_changed":"2026-01-01T%s+00:00","unsubscribe_reason":"%s"}""".formatted(id, email, status, time, reason);
    }

    private static String members(String... members) {
        return members(members.length, members);
    }

    private static String members(int total, String... members) {
        return "{\"members\":[" + String.join(",", members) + "],\"total_items\":" + total + "}";
    }
}
