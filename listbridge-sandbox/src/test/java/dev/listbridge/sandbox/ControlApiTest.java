package dev.listbridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listbridge.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control API under /_sandbox/, for a sandbox in another process. */
class ControlApiTest {
    private MailchimpSandbox sandbox;
    private SandboxClient control;
    private SandboxClient api;

    @BeforeEach
    void start() {
        sandbox = MailchimpSandbox.start(0);
        control = new SandboxClient(sandbox, null);
        api = new SandboxClient(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void lists_recipient_actions_members_requests_and_faults_work_over_http() {
        Answer list = control.post("/_sandbox/lists", "{\"id\":\"demo123456\",\"name\":\"Demo\",\"double_optin\":true}");
        control.post("/_sandbox/lists/demo123456/signup", "{\"email\":\"a@example.com\",\"merge_fields\":{\"FNAME\":\"Ada\"}}");
        control.post("/_sandbox/lists/demo123456/confirm", "{\"email\":\"a@example.com\"}");
        Answer confirmAgain = control.post("/_sandbox/lists/demo123456/confirm", "{\"email\":\"a@example.com\"}");
        Answer unknownMember = control.post("/_sandbox/lists/demo123456/hard-bounce", "{\"email\":\"nobody@example.com\"}");
        control.post("/_sandbox/faults", "{\"method\":\"GET\",\"path\":\"/ping\",\"kind\":\"status\",\"status\":429,\"retry_after_seconds\":1}");
        Answer limited = api.get("/ping");
        control.post("/_sandbox/lists/demo123456/change-address", "{\"old_email\":\"a@example.com\",\"new_email\":\"b@example.com\"}");
        JsonNode members = control.get("/_sandbox/lists/demo123456/members").json();
        JsonNode requests = control.get("/_sandbox/requests").json();
        JsonNode info = control.get("/_sandbox/info").json();

        assertThat(list.json().get("id").asText()).isEqualTo("demo123456");
        assertThat(confirmAgain.status()).isEqualTo(409);
        assertThat(unknownMember.status()).isEqualTo(400);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("Retry-After")).contains("1");
        assertThat(members.get(0).get("email").asText()).isEqualTo("b@example.com");
        assertThat(members.get(0).get("status").asText()).isEqualTo("subscribed");
        assertThat(members.get(0).get("mergeFields").get("FNAME").asText()).isEqualTo("Ada");
        assertThat(requests.get(0).get("path").asText()).isEqualTo("/3.0/ping");
        assertThat(info.get("api_key").asText()).isEqualTo(sandbox.apiKey());
        assertThat(control.delete("/_sandbox/requests").status()).isEqualTo(204);
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void a_recipient_action_with_occurred_at_is_backdated_and_a_delayed_answer_can_be_added() {
        control.post("/_sandbox/lists", "{\"id\":\"late123456\",\"name\":\"Late\",\"double_optin\":false}");
        control.post("/_sandbox/lists/late123456/signup", "{\"email\":\"a@example.com\"}");

        Answer bounce = control.post("/_sandbox/lists/late123456/hard-bounce",
                "{\"email\":\"a@example.com\",\"occurred_at\":\"2020-01-02T03:04:05.678Z\"}");
        Answer badTime = control.post("/_sandbox/lists/late123456/unsubscribe",
                "{\"email\":\"a@example.com\",\"occurred_at\":\"yesterday\"}");
        Answer fault = control.post("/_sandbox/faults",
                "{\"method\":\"GET\",\"path\":\"/ping\",\"kind\":\"delay_answer\",\"delay_ms\":10}");

        assertThat(bounce.status()).isEqualTo(204);
        SandboxMember member = sandbox.member("late123456", "a@example.com").orElseThrow();
        assertThat(member.status()).isEqualTo("cleaned");
        assertThat(member.lastChanged()).isEqualTo(java.time.Instant.parse("2020-01-02T03:04:05Z"));
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(fault.status()).isEqualTo(204);
        assertThat(api.get("/ping").status()).isEqualTo(200);
        assertThat(sandbox.faults().pending()).isZero();
    }

    @Test
    void bulk_actions_stats_and_call_counts_work_over_http() {
        control.post("/_sandbox/lists", "{\"id\":\"bulk123456\",\"name\":\"Bulk\",\"double_optin\":false}");
        StringBuilder members = new StringBuilder("{\"members\":[");
        for (int i = 0; i < 20; i++) {
            members.append(i == 0 ? "" : ",").append("{\"email_address\":\"m").append(i).append("@example.com\",\"status\":\"subscribed\"}");
        }
        api.post("/lists/bulk123456", members.append("]}").toString());
        api.post("/lists/bulk123456/segments", "{\"name\":\"VIP\",\"static_segment\":[\"m1@example.com\",\"m2@example.com\"]}");

        JsonNode acted = control.post("/_sandbox/lists/bulk123456/bulk-actions",
                "{\"unsubscribes\":3,\"hard_bounces\":2,\"complaints\":1,\"seed\":7}").json();
        Answer tooMany = control.post("/_sandbox/lists/bulk123456/bulk-actions", "{\"unsubscribes\":100}");
        JsonNode stats = control.get("/_sandbox/lists/bulk123456/stats").json();
        JsonNode calls = control.get("/_sandbox/calls").json();

        assertThat(acted.get("unsubscribed")).hasSize(3);
        assertThat(acted.get("hard_bounced")).hasSize(2);
        assertThat(acted.get("complained")).hasSize(1);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(stats.get("members").asInt()).isEqualTo(20);
        assertThat(stats.get("by_status").get("subscribed").asInt()).isEqualTo(14);
        assertThat(stats.get("by_status").get("unsubscribed").asInt()).isEqualTo(4);
        assertThat(stats.get("by_status").get("cleaned").asInt()).isEqualTo(2);
        assertThat(stats.get("tags").get("VIP").asInt()).isEqualTo(2);
        assertThat(stats.get("abuse_reports").asInt()).isEqualTo(1);
        assertThat(calls.get("POST /lists/{list_id}").asLong()).isEqualTo(1);
        assertThat(calls.get("POST /lists/{list_id}/segments").asLong()).isEqualTo(1);
        assertThat(control.delete("/_sandbox/calls").status()).isEqualTo(204);
        assertThat(sandbox.callCounts()).isEmpty();
    }
}
