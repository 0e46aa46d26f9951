package dev.listbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.MovableClock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.sandbox.SandboxClient.Answer;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tags as static segments, abuse reports, and the recipient actions seen through the API. */
class TagsAndComplaintsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T09:41:02Z"));
    private MailchimpSandbox sandbox;
    private SandboxClient client;
    private String listId;

    @BeforeEach
    void start() {
        sandbox = MailchimpSandbox.start(0, clock);
        client = new SandboxClient(sandbox);
        listId = sandbox.createList("Newsletter", true);
        client.post("/lists/" + listId, "{\"members\":[{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"},"
                + "{\"email_address\":\"b@example.com\",\"status\":\"subscribed\"}]}");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void a_static_segment_is_a_tag_that_members_show() {
        Answer created = client.post("/lists/" + listId + "/segments", "{\"name\":\"customers\",\"static_segment\":[\"a@example.com\"]}");
        long segmentId = created.json().get("id").asLong();

        JsonNode batch = client.post("/lists/" + listId + "/segments/" + segmentId,
                "{\"members_to_add\":[\"b@example.com\",\"nobody@example.com\"],\"members_to_remove\":[\"a@example.com\"]}").json();
        JsonNode member = client.get("/lists/" + listId + "/members/b@example.com").json();
        JsonNode segmentMembers = client.get("/lists/" + listId + "/segments/" + segmentId + "/members").json();

        assertThat(created.json().get("type").asText()).isEqualTo("static");
        assertThat(created.json().get("member_count").asInt()).isEqualTo(1);
        assertThat(batch.get("total_added").asInt()).isEqualTo(1);
        assertThat(batch.get("total_removed").asInt()).isEqualTo(1);
        assertThat(batch.get("errors").get(0).get("email_addresses").get(0).asText()).isEqualTo("nobody@example.com");
        assertThat(member.get("tags").get(0).get("name").asText()).isEqualTo("customers");
        assertThat(member.get("tags_count").asInt()).isEqualTo(1);
        assertThat(segmentMembers.get("total_items").asInt()).isEqualTo(1);
        assertThat(client.get("/lists/" + listId + "/segments").json().get("total_items").asInt()).isEqualTo(1);
    }

    @Test
    void segment_batches_take_at_most_500_addresses_each_way() {
        long segmentId = client.post("/lists/" + listId + "/segments", "{\"name\":\"big\",\"static_segment\":[]}").json().get("id").asLong();
        String addresses = IntStream.range(0, 501).mapToObj(index -> "\"m" + index + "@example.com\"").collect(Collectors.joining(","));

        Answer answer = client.post("/lists/" + listId + "/segments/" + segmentId, "{\"members_to_add\":[" + addresses + "]}");

        assertThat(answer.status()).isEqualTo(400);
    }

    @Test
    void member_tags_endpoint_activates_and_deactivates_tags() {
        Answer added = client.post("/lists/" + listId + "/members/a@example.com/tags",
                "{\"tags\":[{\"name\":\"crm:gold\",\"status\":\"active\"}]}");
        client.post("/lists/" + listId + "/members/a@example.com/tags", "{\"tags\":[{\"name\":\"crm:gold\",\"status\":\"inactive\"}]}");
        Answer unknown = client.post("/lists/" + listId + "/members/nobody@example.com/tags", "{\"tags\":[]}");

        assertThat(added.status()).isEqualTo(204);
        assertThat(sandbox.member(listId, "a@example.com").orElseThrow().tags()).isEmpty();
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void a_complaint_adds_an_abuse_report_and_unsubscribes_for_good() {
        sandbox.complain(listId, "a@example.com", "cmp0000001");

        JsonNode reports = client.get("/lists/" + listId + "/abuse-reports").json();
        JsonNode member = client.get("/lists/" + listId + "/members/a@example.com").json();
        Answer pending = client.patch("/lists/" + listId + "/members/a@example.com", "{\"status\":\"pending\"}");

        assertThat(reports.get("total_items").asInt()).isEqualTo(1);
        assertThat(reports.get("abuse_reports").get(0).get("campaign_id").asText()).isEqualTo("cmp0000001");
        assertThat(reports.get("abuse_reports").get(0).get("email_address").asText()).isEqualTo("a@example.com");
        assertThat(member.get("status").asText()).isEqualTo("unsubscribed");
        assertThat(pending.status()).isEqualTo(400);
        assertThat(pending.json().get("title").asText()).isEqualTo("Member In Compliance State");
    }

    @Test
    void the_signup_form_brings_an_unsubscribed_member_back_through_double_opt_in() {
        sandbox.unsubscribe(listId, "a@example.com", "moved");

        sandbox.signup(listId, "a@example.com", Map.of("FNAME", "Ada"));
        SandboxMember pending = sandbox.member(listId, "a@example.com").orElseThrow();
        sandbox.confirm(listId, "a@example.com");

        assertThat(pending.status()).isEqualTo("pending");
        assertThat(pending.unsubscribeReason()).isNull();
        assertThat(sandbox.member(listId, "a@example.com").orElseThrow().status()).isEqualTo("subscribed");
        assertThat(sandbox.member(listId, "a@example.com").orElseThrow().mergeFields()).containsEntry("FNAME", "Ada");
    }

    @Test
    void a_new_signup_on_a_single_opt_in_list_is_subscribed_from_the_form() {
        String single = sandbox.createList("Single", false);

        sandbox.signup(single, "new@example.com", Map.of());

        SandboxMember member = sandbox.member(single, "new@example.com").orElseThrow();
        assertThat(member.status()).isEqualTo("subscribed");
        assertThat(member.source()).isEqualTo("Hosted Signup Form");
        assertThat(member.timestampSignup()).isEqualTo(Instant.parse("2026-11-23T09:41:02Z"));
    }
}
