package dev.listbridge.mailchimp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.listbridge.spi.Address;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.ToolEvent;
import dev.listbridge.spi.WebhookRejectedException;
import dev.listbridge.spi.WebhookRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

class WebhookParserTest {

    static final String LIST = "a6b5da1054";
    static final String SECRET = "0f3c9a7e5b1d4c2a8e6f0b9d7c5a3e1f";
    static final Instant FIRED = Instant.parse("2026-11-23T09:41:02Z");
    static final Instant RECEIVED = FIRED.plusSeconds(2);

    @Test
    void a_validation_get_carries_no_events_even_with_a_secret_and_no_signature() {
        WebhookRequest get = new WebhookRequest("GET", "https://sync.example.com/hooks/mc/news/s3cr3t", null, Map.of(),
                null, RECEIVED);

        assertThat(WebhookParser.parse(LIST, get, SECRET)).isEmpty();
    }

    @Test
    void subscribe_is_subscribed_with_its_merge_fields_but_not_email_or_interests() {
        List<ToolEvent> events = parse(form("type", "subscribe", "fired_at", "2026-11-23 09:41:02",
                "data[id]", "8a25ff1d98", "data[list_id]", LIST, "data[email]", "Ada@Example.com", "data[email_type]", "html",
                "data[merges][EMAIL]", "Ada@Example.com", "data[merges][FNAME]", "Ada", "data[merges][LNAME]", "Lovelace",
                "data[merges][INTERESTS]", "Group1,Group2", "data[ip_opt]", "10.20.10.30"));

        Address ada = Address.parse("Ada@Example.com");
        assertThat(events).singleElement().isInstanceOfSatisfying(ToolEvent.Subscribed.class, event -> {
            assertThat(event.address()).isEqualTo(ada);
            assertThat(event.memberId()).isEqualTo(SubscriberHash.of(ada));
            assertThat(event.occurredAt()).isEqualTo(FIRED);
            assertThat(event.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
            assertThat(event.fields()).isEqualTo(Map.of("FNAME", "Ada", "LNAME", "Lovelace"));
            assertThat(event.eventId()).startsWith("webhook:");
        });
    }

    @Test
    void unsubscribe_is_unsubscribed_with_its_reason() {
        List<ToolEvent> events = parse(member("unsubscribe", "data[action]", "unsub", "data[reason]", "manual",
                "data[campaign_id]", "cb398d21d2"));

        assertThat(events).singleElement().isInstanceOfSatisfying(ToolEvent.Unsubscribed.class, event -> {
            assertThat(event.address().key()).isEqualTo("ada@example.com");
            assertThat(event.reason()).isEqualTo("manual");
        });
    }

    @Test
    void unsubscribe_for_abuse_is_a_complaint() {
        List<ToolEvent> events = parse(member("unsubscribe", "data[action]", "unsub", "data[reason]", "abuse",
                "data[campaign_id]", "cb398d21d2"));

        assertThat(events).singleElement().isInstanceOfSatisfying(ToolEvent.Complained.class,
                event -> assertThat(event.campaignId()).isEqualTo("cb398d21d2"));
    }

    @Test
    void unsubscribe_with_action_delete_is_archived() {
        List<ToolEvent> events = parse(member("unsubscribe", "data[action]", "delete", "data[reason]", "manual"));

        assertThat(events).singleElement().isInstanceOf(ToolEvent.Archived.class);
    }

    @Test
    void cleaned_hard_is_a_hard_bounce_and_cleaned_abuse_a_complaint() {
        List<ToolEvent> hard = parse(form("type", "cleaned", "fired_at", "2026-11-23 09:41:02", "data[list_id]", LIST,
                "data[campaign_id]", "", "data[reason]", "hard", "data[email]", "ada@example.com"));
        List<ToolEvent> abuse = parse(form("type", "cleaned", "fired_at", "2026-11-23 09:41:02", "data[list_id]", LIST,
                "data[campaign_id]", "c1", "data[reason]", "abuse", "data[email]", "ada@example.com"));

        assertThat(hard).singleElement().isInstanceOfSatisfying(ToolEvent.HardBounced.class,
                event -> assertThat(event.reason()).isEqualTo("hard"));
        assertThat(abuse).singleElement().isInstanceOfSatisfying(ToolEvent.Complained.class,
                event -> assertThat(event.campaignId()).isEqualTo("c1"));
    }

    @Test
    void upemail_is_an_address_change_from_old_to_new() {
        List<ToolEvent> events = parse(form("type", "upemail", "fired_at", "2026-11-23 09:41:02", "data[list_id]", LIST,
                "data[new_id]", "51aa6b2ec1", "data[new_email]", "ada.new@example.com", "data[old_email]", "ada@example.com"));

        assertThat(events).singleElement().isInstanceOfSatisfying(ToolEvent.AddressChanged.class, event -> {
            assertThat(event.address()).isEqualTo(Address.parse("ada@example.com"));
            assertThat(event.newAddress()).isEqualTo(Address.parse("ada.new@example.com"));
            assertThat(event.memberId()).isEqualTo(SubscriberHash.of("ada.new@example.com"));
        });
    }

    @Test
    void profile_is_a_profile_change_and_address_parts_become_one_json_field() {
        List<ToolEvent> events = parse(member("profile", "data[merges][FNAME]", "Ada", "data[merges][ADDRESS][addr1]", "1 Main St",
                "data[merges][ADDRESS][city]", "Springfield"));

        assertThat(events).singleElement().isInstanceOfSatisfying(ToolEvent.ProfileChanged.class, event ->
                assertThat(event.fields()).isEqualTo(Map.of("FNAME", "Ada", "ADDRESS", "{\"addr1\":\"1 Main St\",\"city\":\"Springfield\"}")));
    }

    @Test
    void campaign_carries_no_events_and_an_unknown_type_is_refused() {
        assertThat(parse(form("type", "campaign", "fired_at", "2026-11-23 09:41:02", "data[id]", "5aa2102003",
                "data[subject]", "News", "data[status]", "sent", "data[reason]", "", "data[list_id]", LIST))).isEmpty();
        assertRejected(post(form("type", "something-new", "data[whatever]", "1")), null, 400, "something-new");
        assertRejected(post(member("subscribe").replace("type=subscribe", "type=Subscribe")), null, 400, "'Subscribe'");
    }

    @Test
    void a_delivery_for_another_audience_is_refused() {
        assertRejected(post(member("subscribe").replace(LIST, "0000000000")), null, 400, "data[list_id]");
    }

    @Test
    void missing_or_malformed_fields_are_refused_naming_the_field() {
        assertRejected(post(""), null, 400, "type");
        assertRejected(post(form("type", "subscribe", "data[list_id]", LIST, "data[email]", "a@example.com")), null, 400, "fired_at");
        assertRejected(post(form("type", "subscribe", "fired_at", "yesterday", "data[list_id]", LIST, "data[email]", "a@example.com")),
                null, 400, "fired_at");
        assertRejected(post(form("type", "subscribe", "fired_at", "2026-11-23 09:41:02", "data[email]", "a@example.com")),
                null, 400, "data[list_id]");
        assertRejected(post(form("type", "unsubscribe", "fired_at", "2026-11-23 09:41:02", "data[list_id]", LIST)), null, 400, "data[email]");
        assertRejected(post(form("type", "unsubscribe", "fired_at", "2026-11-23 09:41:02", "data[list_id]", LIST, "data[email]", "not-an-address")),
                null, 400, "data[email]");
        assertRejected(post(form("type", "upemail", "fired_at", "2026-11-23 09:41:02", "data[list_id]", LIST, "data[old_email]", "a@example.com")),
                null, 400, "data[new_email]");
        assertRejected(post(member("profile", "data[merges][FNAME", "x")), null, 400, "data[merges][FNAME");
    }

    @Test
    void bodies_that_are_no_proper_form_are_refused() {
        assertRejected(post("type=subscribe&fired_at=%2"), null, 400, "percent escape");
        assertRejected(post("type=subscribe&data%5Bemail%5D=%FF%FE"), null, 400, "UTF-8");
        assertRejected(post("type=subscribe&type=unsubscribe"), null, 400, "twice");
        assertRejected(post("=subscribe"), null, 400, "no name");
    }

    @Test
    void a_content_type_mailchimp_never_sends_is_415_and_a_charset_parameter_is_fine() {
        String body = member("subscribe");
        assertRejected(request("POST", "application/json", body, Map.of()), null, 415, "application/x-www-form-urlencoded");
        assertRejected(request("POST", null, body, Map.of()), null, 415, "none");
        assertRejected(request("PUT", WebhookParser.CONTENT_TYPE, body, Map.of()), null, 405, "PUT");

        assertThat(WebhookParser.parse(LIST, request("POST", "Application/X-WWW-Form-Urlencoded; charset=UTF-8", body, Map.of()), null))
                .hasSize(1);
    }

    @Test
    void a_correct_signature_is_accepted() {
        String body = member("unsubscribe", "data[reason]", "manual");

        assertThat(WebhookParser.parse(LIST, signed(body, FIRED.getEpochSecond(), SECRET), SECRET)).hasSize(1);
    }

    @Test
    void another_v1_next_to_the_right_one_is_accepted() {
        String body = member("unsubscribe");
        long t = FIRED.getEpochSecond();
        String header = "t=" + t + ", v1=" + "0".repeat(64) + ", v1=" + WebhookSignature.sign(SECRET, t, bytes(body)).toUpperCase();

        assertThat(WebhookParser.parse(LIST, request("POST", WebhookParser.CONTENT_TYPE, body,
                Map.of("x-mailchimp-signature", header)), SECRET)).hasSize(1);
    }

    @Test
    void a_wrong_missing_malformed_or_stale_signature_is_401() {
        String body = member("unsubscribe");
        long t = FIRED.getEpochSecond();

        assertRejected(signed(body, t, "another-secret"), SECRET, 401, "does not match");
        assertRejected(request("POST", WebhookParser.CONTENT_TYPE, body, Map.of()), SECRET, 401, "no X-Mailchimp-Signature");
        assertRejected(request("POST", WebhookParser.CONTENT_TYPE, body, Map.of("x-mailchimp-signature", "sha256=abc")),
                SECRET, 401, "t={unix seconds},v1={hex}");
        WebhookRequest tampered = signed(body, t, SECRET);
        assertRejected(new WebhookRequest("POST", tampered.url(), tampered.contentType(), tampered.headers(),
                bytes(body.replace("unsubscribe", "subscribe")), RECEIVED), SECRET, 401, "does not match");
        long stale = RECEIVED.minusSeconds(301).getEpochSecond();
        assertRejected(signed(body, stale, SECRET), SECRET, 401, "more than 5 minutes");
        assertRejected(signed(body, t, SECRET), "", 401, "empty");
    }

    @Test
    void without_a_configured_secret_a_signature_is_not_checked() {
        String body = member("unsubscribe");

        assertThat(WebhookParser.parse(LIST, signed(body, FIRED.getEpochSecond(), "whatever"), null)).hasSize(1);
    }

    @Test
    void the_event_id_is_the_same_for_a_redelivery_however_encoded_and_differs_for_another_event() {
        String first = "type=unsubscribe&fired_at=2026-11-23+09%3A41%3A02&data%5Blist_id%5D=" + LIST + "&data%5Bemail%5D=ada%40example.com";
        String reordered = "data[email]=ada@example.com&fired_at=2026-11-23%2009:41:02&type=unsubscribe&data[list_id]=" + LIST;
        String later = first.replace("41%3A02", "41%3A03");

        String id = parse(first).get(0).eventId();
        assertThat(parse(first).get(0).eventId()).isEqualTo(id);
        assertThat(parse(reordered).get(0).eventId()).isEqualTo(id);
        assertThat(parse(later).get(0).eventId()).isNotEqualTo(id);
    }

    // ---- helpers -------------------------------------------------------------------------------------

    static List<ToolEvent> parse(String body) {
        return WebhookParser.parse(LIST, post(body), null);
    }

    static WebhookRequest post(String body) {
        return request("POST", WebhookParser.CONTENT_TYPE, body, Map.of());
    }

    static WebhookRequest request(String method, String contentType, String body, Map<String, String> headers) {
        return new WebhookRequest(method, "https://sync.example.com/hooks/mc/news/s3cr3t", contentType, headers, bytes(body), RECEIVED);
    }

    static WebhookRequest signed(String body, long timestamp, String secret) {
        String signature = "t=" + timestamp + ",v1=" + WebhookSignature.sign(secret, timestamp, bytes(body));
        return request("POST", WebhookParser.CONTENT_TYPE, body, Map.of("x-mailchimp-signature", signature));
    }

    /** A member event for ada@example.com in {@link #LIST}, with more fields. */
    static String member(String type, String... more) {
        List<String> pairs = new ArrayList<>(List.of("type", type, "fired_at", "2026-11-23 09:41:02", "data[id]", "8a25ff1d98",
                "data[list_id]", LIST, "data[email]", "ada@example.com", "data[email_type]", "html"));
        pairs.addAll(List.of(more));
        return form(pairs.toArray(String[]::new));
    }

    /** Name/value pairs, form-encoded as Mailchimp sends them. */
    static String form(String... pairs) {
        StringJoiner form = new StringJoiner("&");
        for (int i = 0; i < pairs.length; i += 2) {
            form.add(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8) + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static void assertRejected(WebhookRequest request, String secret, int status, String messagePart) {
        assertThatThrownBy(() -> WebhookParser.parse(LIST, request, secret))
                .isInstanceOfSatisfying(WebhookRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
