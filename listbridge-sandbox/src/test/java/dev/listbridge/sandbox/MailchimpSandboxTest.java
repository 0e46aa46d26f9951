package dev.listbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.testing.MovableClock;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.sandbox.SandboxClient.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Mailchimp API as the sandbox answers it over HTTP. */
class MailchimpSandboxTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T09:41:02Z"));
    private MailchimpSandbox sandbox;
    private SandboxClient client;
    private String listId;

    @BeforeEach
    void start() {
        sandbox = MailchimpSandbox.start(0, clock);
        client = new SandboxClient(sandbox);
        listId = sandbox.createList("Newsletter", false);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void ping_answers_with_mailchimps_health_status_on_loopback() {
        Answer answer = client.get("/ping");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("health_status").asText()).isEqualTo("Everything's Chimpy!");
        assertThat(sandbox.baseUrl()).isEqualTo("http://127.0.0.1:" + sandbox.port() + "/3.0");
        assertThat(listId).matches("[0-9a-f]{10}");
    }

    @Test
    void a_wrong_or_missing_key_is_401_problem_json_and_bearer_works_too() {
        Answer wrong = new SandboxClient(sandbox, "Basic " + java.util.Base64.getEncoder().encodeToString("x:nope-us1".getBytes())).get("/ping");
        Answer missing = new SandboxClient(sandbox, null).get("/ping");
        Answer bearer = new SandboxClient(sandbox, "Bearer " + sandbox.apiKey()).get("/ping");

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.json().get("title").asText()).isEqualTo("API Key Invalid");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().get("title").asText()).isEqualTo("API Key Missing");
        assertThat(bearer.status()).isEqualTo(200);
    }

    @Test
    void unknown_lists_routes_and_bad_json_are_problems() {
        Answer unknownList = client.get("/lists/nope123456");
        Answer unknownRoute = client.get("/campaigns-nonsense");
        Answer wrongMethod = client.send("DELETE", "/ping", null);
        Answer outsideApi = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + sandbox.port() + "/foo")).build());
        Answer badJson = client.post("/lists/" + listId + "/members", "{\"email_address\": ");

        assertThat(unknownList.status()).isEqualTo(404);
        assertThat(unknownList.json().get("title").asText()).isEqualTo("Resource Not Found");
        assertThat(unknownList.json().fieldNames()).toIterable().contains("type", "title", "status", "detail", "instance");
        assertThat(unknownRoute.status()).isEqualTo(404);
        assertThat(unknownRoute.contentType()).startsWith("application/problem+json");
        assertThat(outsideApi.status()).isEqualTo(404);
        assertThat(outsideApi.json().get("title").asText()).isEqualTo("Resource Not Found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.raw().headers().firstValue("Allow")).contains("GET");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.json().get("title").asText()).isEqualTo("JSON Parse Error");
    }

    @Test
    void put_adds_then_updates_and_the_member_is_addressed_by_hash_or_email() {
        Answer created = client.put("/lists/" + listId + "/members/ada@example.com",
                "{\"email_address\":\"Ada@Example.com\",\"status_if_new\":\"subscribed\",\"merge_fields\":{\"FNAME\":\"Ada\"}}");
        String hash = created.json().get("id").asText();
        Answer byHash = client.get("/lists/" + listId + "/members/" + hash);

        assertThat(created.status()).isEqualTo(200);
        assertThat(hash).matches("[0-9a-f]{32}");
        assertThat(created.json().get("status").asText()).isEqualTo("subscribed");
        assertThat(created.json().get("source").asText()).isEqualTo("API - Generic");
        assertThat(created.json().get("timestamp_signup").asText()).isEmpty();
        assertThat(created.json().get("timestamp_opt").asText()).isEqualTo("2026-11-23T09:41:02+00:00");
        assertThat(created.json().get("last_changed").asText()).isEqualTo("2026-11-23T09:41:02+00:00");
        assertThat(created.json().get("merge_fields").get("LNAME").asText()).isEmpty();
        assertThat(byHash.json().get("email_address").asText()).isEqualTo("Ada@Example.com");
    }

    @Test
    void put_requires_status_if_new_and_email_address() {
        Answer answer = client.put("/lists/" + listId + "/members/ada@example.com", "{\"email_address\":\"ada@example.com\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("title").asText()).isEqualTo("Invalid Resource");
        assertThat(answer.json().get("errors").get(0).get("field").asText()).isEqualTo("status_if_new");
    }

    @Test
    void post_of_an_existing_member_is_member_exists() {
        String body = "{\"email_address\":\"ada@example.com\",\"status\":\"subscribed\"}";
        client.post("/lists/" + listId + "/members", body);

        Answer again = client.post("/lists/" + listId + "/members", body);

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("title").asText()).isEqualTo("Member Exists");
        assertThat(again.json().get("detail").asText()).isEqualTo("ada@example.com is already a list member. Use PUT to insert or update list members.");
    }

    @Test
    void an_unsubscribed_member_cannot_be_subscribed_by_the_api_but_may_go_pending() {
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"ada@example.com\",\"status\":\"subscribed\"}");
        sandbox.unsubscribe(listId, "ada@example.com", "too many mails");

        Answer subscribe = client.patch("/lists/" + listId + "/members/ada@example.com", "{\"status\":\"subscribed\"}");
        Answer pending = client.patch("/lists/" + listId + "/members/ada@example.com", "{\"status\":\"pending\"}");

        assertThat(subscribe.status()).isEqualTo(400);
        assertThat(subscribe.json().get("title").asText()).isEqualTo("Member In Compliance State");
        assertThat(subscribe.json().get("detail").asText()).isEqualTo(
                "ada@example.com is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.");
        assertThat(pending.status()).isEqualTo(200);
        assertThat(pending.json().get("status").asText()).isEqualTo("pending");
    }

    @Test
    void patch_changes_the_address_keeping_the_member_and_refuses_a_clash() {
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"old@example.com\",\"status\":\"subscribed\"}");
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"taken@example.com\",\"status\":\"subscribed\"}");
        String contactId = sandbox.member(listId, "old@example.com").orElseThrow().contactId();
        clock.advance(Duration.ofMinutes(5));

        Answer renamed = client.patch("/lists/" + listId + "/members/old@example.com", "{\"email_address\":\"new@example.com\"}");
        Answer clash = client.patch("/lists/" + listId + "/members/new@example.com", "{\"email_address\":\"taken@example.com\"}");

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("contact_id").asText()).isEqualTo(contactId);
        assertThat(renamed.json().get("last_changed").asText()).isEqualTo("2026-11-23T09:46:02+00:00");
        assertThat(sandbox.member(listId, "old@example.com")).isEmpty();
        assertThat(sandbox.member(listId, "new@example.com")).get().extracting(SandboxMember::contactId).isEqualTo(contactId);
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.json().get("title").asText()).isEqualTo("Invalid Resource");
    }

    @Test
    void delete_archives_and_refuses_pending_cleaned_and_archived_members_with_405() {
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}");
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"p@example.com\",\"status\":\"pending\"}");

        Answer archived = client.delete("/lists/" + listId + "/members/a@example.com");
        Answer again = client.delete("/lists/" + listId + "/members/a@example.com");
        Answer pending = client.delete("/lists/" + listId + "/members/p@example.com");
        Answer listing = client.get("/lists/" + listId + "/members");
        Answer archivedListing = client.get("/lists/" + listId + "/members?status=archived");

        assertThat(archived.status()).isEqualTo(204);
        assertThat(again.status()).isEqualTo(405);
        assertThat(again.raw().headers().firstValue("Allow")).contains("GET, PUT");
        assertThat(pending.status()).isEqualTo(405);
        assertThat(listing.json().get("total_items").asInt()).isEqualTo(1);
        assertThat(archivedListing.json().get("members").get(0).get("email_address").asText()).isEqualTo("a@example.com");
    }

    @Test
    void invalid_addresses_are_refused_idn_punycode_is_accepted_and_utf8_local_parts_are_not() {
        Answer invalid = client.post("/lists/" + listId + "/members", "{\"email_address\":\"not an address\",\"status\":\"subscribed\"}");
        Answer fake = client.post("/lists/" + listId + "/members", "{\"email_address\":\"someone@nowhere.invalid\",\"status\":\"subscribed\"}");
        Answer punycode = client.post("/lists/" + listId + "/members", "{\"email_address\":\"jan@xn--mller-kva.de\",\"status\":\"subscribed\"}");
        Answer utf8 = client.post("/lists/" + listId + "/members", "{\"email_address\":\"jürgen@example.com\",\"status\":\"subscribed\"}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("detail").asText()).isEqualTo("Please provide a valid email address.");
        assertThat(fake.json().get("detail").asText()).contains("looks fake or invalid");
        assertThat(punycode.status()).isEqualTo(200);
        assertThat(utf8.status()).isEqualTo(400);
    }

    @Test
    void unknown_merge_fields_are_refused_and_created_fields_get_mailchimps_tags() {
        Answer unknown = client.post("/lists/" + listId + "/members",
                "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"CRMKEY\":\"42\"}}");
        Answer named = client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"CRM key\",\"type\":\"text\",\"tag\":\"crmkey\"}");
        Answer unnamed = client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"Setup fee\",\"type\":\"number\"}");
        Answer missingType = client.post("/lists/" + listId + "/merge-fields", "{\"name\":\"No type\"}");
        Answer known = client.post("/lists/" + listId + "/members",
                "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\",\"merge_fields\":{\"CRMKEY\":\"42\",\"MMERGE4\":12.5}}");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("CRMKEY");
        assertThat(named.json().get("tag").asText()).isEqualTo("CRMKEY");
        assertThat(unnamed.json().get("tag").asText()).isEqualTo("MMERGE4");
        assertThat(missingType.status()).isEqualTo(400);
        assertThat(known.json().get("merge_fields").get("CRMKEY").asText()).isEqualTo("42");
        assertThat(known.json().get("merge_fields").get("MMERGE4").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(client.get("/lists/" + listId + "/merge-fields").json().get("total_items").asInt()).isEqualTo(4);
    }

    @Test
    void since_last_changed_is_strictly_after_and_malformed_times_are_400() {
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}");
        clock.advance(Duration.ofSeconds(1));
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"b@example.com\",\"status\":\"subscribed\"}");

        JsonNode sameSecond = client.get("/lists/" + listId + "/members?since_last_changed=2026-11-23T09:41:02%2B00:00").json();
        JsonNode before = client.get("/lists/" + listId + "/members?since_last_changed=2026-11-23T09:41:01Z").json();
        Answer malformed = client.get("/lists/" + listId + "/members?since_last_changed=yesterday");
        Answer tooMany = client.get("/lists/" + listId + "/members?count=1001");

        assertThat(sameSecond.get("total_items").asInt()).isEqualTo(1);
        assertThat(sameSecond.get("members").get(0).get("email_address").asText()).isEqualTo("b@example.com");
        assertThat(before.get("total_items").asInt()).isEqualTo(2);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(tooMany.status()).isEqualTo(400);
    }

    @Test
    void offset_pages_move_when_data_changes_between_pages() {
        for (int index = 0; index < 4; index++) {
            client.post("/lists/" + listId + "/members", "{\"email_address\":\"m" + index + "@example.com\",\"status\":\"subscribed\"}");
        }
        String page = "/lists/" + listId + "/members?count=2&sort_field=last_changed&sort_dir=ASC&offset=";
        JsonNode first = client.get(page + "0").json();
        clock.advance(Duration.ofSeconds(10));
        sandbox.editProfile(listId, "m0@example.com", Map.of("FNAME", "Moved"));
        JsonNode second = client.get(page + "2").json();

        assertThat(first.get("members").get(0).get("email_address").asText()).isEqualTo("m0@example.com");
        // m0 moved to the end: the second page now starts with m3, and m2 was skipped over.
        assertThat(second.get("members").get(0).get("email_address").asText()).isEqualTo("m3@example.com");
        assertThat(second.get("members").get(1).get("email_address").asText()).isEqualTo("m0@example.com");
    }

    @Test
    void every_request_is_recorded_with_its_answer() {
        client.post("/lists/" + listId + "/members", "{\"email_address\":\"a@example.com\",\"status\":\"subscribed\"}");

        RecordedRequest recorded = sandbox.requests().get(0);

        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo("/3.0/lists/" + listId + "/members");
        assertThat(recorded.body()).contains("a@example.com");
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.contentType()).startsWith("application/json");
        assertThat(recorded.responseBody()).contains("\"status\":\"subscribed\"");
        assertThat(recorded.header("Authorization")).isPresent();
        sandbox.clearRequests();
        assertThat(sandbox.requests()).isEmpty();
    }
}
