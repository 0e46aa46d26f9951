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

/** {@code POST /lists/{list_id}}: each member succeeds or fails on its own. */
class BatchSubscribeTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T09:41:02Z"));
    private MailchimpSandbox sandbox;
    private SandboxClient client;
    private String listId;

    @BeforeEach
    void start() {
        sandbox = MailchimpSandbox.start(0, clock);
        client = new SandboxClient(sandbox);
        listId = sandbox.createList("Newsletter", true);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private JsonNode batch(String members, boolean updateExisting) {
        Answer answer = client.post("/lists/" + listId, "{\"members\":[" + members + "],\"update_existing\":" + updateExisting + "}");
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    @Test
    void new_members_are_created_and_an_invalid_address_fails_alone() {
        JsonNode answer = batch("{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"},"
                + "{\"email_address\":\"broken@\",\"status\":\"subscribed\"}", false);

        assertThat(answer.get("total_created").asInt()).isEqualTo(1);
        assertThat(answer.get("error_count").asInt()).isEqualTo(1);
        JsonNode error = answer.get("errors").get(0);
        assertThat(error.get("email_address").asText()).isEqualTo("broken@");
        assertThat(error.get("error").asText()).isEqualTo("Please provide a valid email address.");
        assertThat(error.get("error_code").asText()).isEqualTo("ERROR_GENERIC");
        assertThat(error.get("field").asText()).isEqualTo("email_address");
    }

    @Test
    void an_existing_member_without_update_existing_is_an_error_and_with_it_an_update() {
        batch("{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}", false);

        JsonNode without = batch("{\"email_address\":\"a@example.com\",\"status\":\"unsubscribed\"}", false);
        JsonNode with = batch("{\"email_address\":\"a@example.com\",\"status\":\"unsubscribed\"}", true);

        assertThat(without.get("errors").get(0).get("error").asText())
                .isEqualTo("a@example.com is already a list member, do you want to update? please provide update_existing:true in the request body");
        assertThat(without.get("errors").get(0).get("error_code").asText()).isEqualTo("ERROR_CONTACT_EXISTS");
        assertThat(with.get("total_updated").asInt()).isEqualTo(1);
        assertThat(with.get("updated_members").get(0).get("status").asText()).isEqualTo("unsubscribed");
        assertThat(sandbox.member(listId, "a@example.com").orElseThrow().unsubscribeReason()).isEqualTo("N/A (Unsubscribed by admin)");
    }

    @Test
    void unsubscribed_and_cleaned_members_are_not_resubscribed_and_cleaned_ones_not_even_pending() {
        batch("{\"email_address\":\"u@example.com\",\"status\":\"subscribed\"},{\"email_address\":\"c@example.com\",\"status\":\"subscribed\"}", false);
        sandbox.unsubscribe(listId, "u@example.com", "no longer interested");
        sandbox.hardBounce(listId, "c@example.com");

        JsonNode subscribe = batch("{\"email_address\":\"u@example.com\",\"status\":\"subscribed\"},"
                + "{\"email_address\":\"c@example.com\",\"status\":\"subscribed\"}", true);
        JsonNode pending = batch("{\"email_address\":\"u@example.com\",\"status\":\"pending\"},"
                + "{\"email_address\":\"c@example.com\",\"status\":\"pending\"}", true);

        assertThat(subscribe.get("error_count").asInt()).isEqualTo(2);
        assertThat(subscribe.get("errors").get(0).get("error").asText()).endsWith("is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.");
        assertThat(pending.get("total_updated").asInt()).isEqualTo(1);
        assertThat(pending.get("errors").get(0).get("email_address").asText()).isEqualTo("c@example.com");
        assertThat(sandbox.member(listId, "u@example.com")).get().extracting(SandboxMember::status).isEqualTo("pending");
        assertThat(sandbox.member(listId, "c@example.com")).get().extracting(SandboxMember::status).isEqualTo("cleaned");
    }

    @Test
    void more_than_500_members_is_a_400_for_the_whole_call() {
        String members = IntStream.range(0, 501)
                .mapToObj(index -> "{\"email_address\":\"m" + index + "@example.com\",\"status\":\"subscribed\"}")
                .collect(Collectors.joining(","));

        Answer answer = client.post("/lists/" + listId, "{\"members\":[" + members + "]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("title").asText()).isEqualTo("Invalid Resource");
        assertThat(sandbox.members(listId)).isEmpty();
    }

    @Test
    void a_fault_makes_one_address_fail_with_the_given_error() {
        sandbox.faults().failBatchMember("b@example.com", "Service temporarily unavailable for this contact.");

        JsonNode answer = batch("{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"},"
                + "{\"email_address\":\"B@example.com\",\"status\":\"subscribed\"}", false);

        assertThat(answer.get("total_created").asInt()).isEqualTo(1);
        assertThat(answer.get("errors").get(0).get("error").asText()).isEqualTo("Service temporarily unavailable for this contact.");
        assertThat(sandbox.member(listId, "b@example.com")).isEmpty();
    }

    @Test
    void sync_tags_replaces_a_members_tags() {
        batch("{\"email_address\":\"a@example.com\",\"status\":\"subscribed\",\"tags\":[\"vip\",\"crm\"]}", false);

        Answer answer = client.post("/lists/" + listId,
                "{\"members\":[{\"email_address\":\"a@example.com\",\"tags\":[\"crm\"]}],\"update_existing\":true,\"sync_tags\":true}");

        assertThat(answer.json().get("updated_members").get(0).get("tags").get(0).get("name").asText()).isEqualTo("crm");
        assertThat(sandbox.member(listId, "a@example.com")).get().extracting(SandboxMember::tags).asList().containsExactly("crm");
        assertThat(sandbox.member(listId, "a@example.com").orElseThrow().mergeFields()).isEqualTo(Map.of());
    }
}
