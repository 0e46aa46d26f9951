package dev.listbridge.mailchimp.internal;

import static dev.listbridge.mailchimp.internal.StubMailchimp.json;
import static dev.listbridge.mailchimp.internal.StubMailchimp.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.listbridge.spi.Address;
import dev.listbridge.spi.MemberPage;
import dev.listbridge.spi.MemberWrite;
import dev.listbridge.spi.PermanentException;
import dev.listbridge.spi.RecordRejectedException;
import dev.listbridge.spi.RejectReason;
import dev.listbridge.spi.SubscriptionStatus;
import dev.listbridge.spi.WriteOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailchimpConnectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StubMailchimp stub = new StubMailchimp();
    private final MailchimpConnector connector = new MailchimpConnector(stub.config(2), StubMailchimp.context("unit"));

    MailchimpConnectorTest() throws Exception {
    }

    @AfterEach
    void close() {
        connector.close();
        stub.close();
    }

    @Test
    void upsert_sends_ascii_addresses_statuses_and_merge_fields_with_update_existing() throws Exception {
        stub.on("POST /lists/L1", json(200, """
                {"new_members":[{"id":"h1","email_address":"Ann@xn--mller-kva.example","status":"pending"}],
                 "updated_members":[],"errors":[]}"""));
        Address address = Address.parse("Ann@müller.example");

        List<WriteOutcome> outcomes = connector.upsert("L1",
                List.of(new MemberWrite(address, SubscriptionStatus.PENDING, Map.of("CRMKEY", "K1"))));

        JsonNode body = JSON.readTree(stub.seen.get(0).body());
        assertThat(body.path("update_existing").asBoolean()).isTrue();
        assertThat(body.path("members").get(0).path("email_address").asText()).isEqualTo("Ann@xn--mller-kva.example");
        assertThat(body.path("members").get(0).path("status").asText()).isEqualTo("pending");
        assertThat(body.path("members").get(0).path("merge_fields").path("CRMKEY").asText()).isEqualTo("K1");
        assertThat(outcomes).containsExactly(new WriteOutcome.Applied(address, "h1", true));
    }

    @Test
    void upsert_splits_more_than_500_members_and_answers_every_write() throws Exception {
        stub.on("POST /lists/L1", exchange -> {
            JsonNode members = JSON.readTree(stub.seen.get(stub.seen.size() - 1).body()).path("members");
            StringBuilder updated = new StringBuilder();
            members.forEach(member -> updated.append(updated.isEmpty() ? "" : ",")
                    .append("{\"id\":\"x\",\"email_address\":\"").append(member.path("email_address").asText()).append("\"}"));
            StubMailchimp.send(exchange, 200, "{\"new_members\":[],\"updated_members\":[" + updated + "],\"errors\":[]}", Map.of());
        });
        List<MemberWrite> writes = IntStream.range(0, 501)
                .mapToObj(i -> new MemberWrite(Address.parse("m" + i + "@example.com"), SubscriptionStatus.SUBSCRIBED, Map.of()))
                .collect(java.util.stream.Collectors.toList());
        Address duplicate = Address.parse("M0@Example.com");
        writes.add(new MemberWrite(duplicate, SubscriptionStatus.UNSUBSCRIBED, Map.of()));

        List<WriteOutcome> outcomes = connector.upsert("L1", writes);

        assertThat(stub.seen("POST", "/lists/L1")).hasSize(2);
        assertThat(outcomes).hasSize(502).allMatch(outcome -> outcome instanceof WriteOutcome.Applied);
        assertThat(outcomes.get(501).address()).isSameAs(duplicate);
    }

    @Test
    void rename_patches_the_old_hash_and_returns_the_new_id() throws Exception {
        Address from = Address.parse("Old@Example.com");
        stub.on("PATCH /lists/L1/members/" + SubscriberHash.of("old@example.com"), json(200, "{\"id\":\"newhash\"}"));

        assertThat(connector.rename("L1", from, Address.parse("new@example.com"))).isEqualTo("newhash");
        assertThat(JSON.readTree(stub.seen.get(0).body()).path("email_address").asText()).isEqualTo("new@example.com");
    }

    @Test
    void read_member_gets_the_hash_with_fields_and_a_404_is_no_member() {
        Address held = Address.parse("Held@Example.com");
        stub.on("GET /lists/L1/members/" + SubscriberHash.of(held), json(200, """
                {"id":"h1","email_address":"held@example.com","status":"archived","merge_fields":{"CRMKEY":"7"},
                 "tags":[{"id":1,"name":"VIP"}],"last_changed":"2026-03-02T08:25:28+00:00"}"""));
        Address gone = Address.parse("gone@example.com");
        stub.on("GET /lists/L1/members/" + SubscriberHash.of(gone), problem(404, "Resource Not Found", "The requested resource could not be found."));
        Address locked = Address.parse("locked@example.com");
        stub.on("GET /lists/L1/members/" + SubscriberHash.of(locked), problem(401, "API Key Invalid", "Your API key may be invalid."));

        assertThat(connector.readMember("L1", held)).hasValueSatisfying(member -> {
            assertThat(member.memberId()).isEqualTo("h1");
            assertThat(member.status()).isEqualTo(SubscriptionStatus.ARCHIVED);
            assertThat(member.fields()).containsEntry("CRMKEY", "7");
            assertThat(member.tags()).containsExactly("VIP");
        });
        assertThat(stub.seen.get(0).query()).containsEntry("fields", MemberJson.SINGLE_MEMBER_FIELDS);
        assertThat(connector.readMember("L1", gone)).isEmpty();
        assertThatThrownBy(() -> connector.readMember("L1", locked)).isInstanceOf(PermanentException.class);
    }

    @Test
    void rename_refusals_are_record_rejections() {
        Address from = Address.parse("old@example.com");
        stub.on("PATCH /lists/L1/members/" + SubscriberHash.of(from),
                problem(400, "Invalid Resource", "A list member with the address taken@example.com already exists."));

        assertThatThrownBy(() -> connector.rename("L1", from, Address.parse("taken@example.com")))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.CONFLICT);
                    assertThat(e.getMessage()).contains("already exists");
                });
        assertThatThrownBy(() -> connector.rename("L1", Address.parse("ghost@example.com"), Address.parse("g2@example.com")))
                .isInstanceOfSatisfying(RecordRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_FOUND));
    }

    @Test
    void archive_counts_absent_and_archived_members_as_done() {
        Address deleted = Address.parse("deleted@example.com");
        Address absent = Address.parse("absent@example.com");
        Address archived = Address.parse("archived@example.com");
        Address pending = Address.parse("pending@example.com");
        stub.on("DELETE /lists/L1/members/" + SubscriberHash.of(deleted), exchange -> StubMailchimp.send(exchange, 204, "", Map.of()));
        stub.on("GET /lists/L1", json(200, "{\"id\":\"L1\"}"));
        for (Address refused : List.of(archived, pending)) {
            stub.on("DELETE /lists/L1/members/" + SubscriberHash.of(refused),
                    problem(405, "Method Not Allowed", "This list member cannot be removed.  Please contact support."));
        }
        stub.on("GET /lists/L1/members/" + SubscriberHash.of(archived), json(200, "{\"status\":\"archived\"}"));
        stub.on("GET /lists/L1/members/" + SubscriberHash.of(pending), json(200, "{\"status\":\"pending\"}"));

        List<WriteOutcome> outcomes = connector.archive("L1", List.of(deleted, absent, archived, pending));

        assertThat(outcomes).containsExactly(
                new WriteOutcome.Applied(deleted, SubscriberHash.of(deleted), false),
                new WriteOutcome.Applied(absent, null, false),
                new WriteOutcome.Applied(archived, SubscriberHash.of(archived), false),
                new WriteOutcome.Rejected(pending, RejectReason.OTHER, "This list member cannot be removed.  Please contact support."));
    }

    @Test
    void archive_in_a_missing_audience_is_permanent() {
        assertThatThrownBy(() -> connector.archive("L9", List.of(Address.parse("a@example.com"))))
                .isInstanceOfSatisfying(PermanentException.class, e -> assertThat(e.getMessage()).contains("audience L9 not found"));
    }

    @Test
    void tags_create_their_static_segment_once_and_report_refusals() {
        stub.on("GET /lists/L1/segments", json(200, "{\"segments\":[{\"id\":7,\"name\":\"other\",\"type\":\"static\"}],\"total_items\":1}"));
        stub.on("POST /lists/L1/segments", json(200, "{\"id\":9,\"name\":\"vip\",\"type\":\"static\"}"));
        stub.on("POST /lists/L1/segments/9", json(200, """
                {"members_added":[{"email_address":"a@example.com"}],"members_removed":[],
                 "errors":[{"email_addresses":["B@example.com"],"error":"Email addresses not in the list"}],
                 "total_added":1,"total_removed":0,"error_count":1}"""));
        Address a = Address.parse("a@example.com");
        Address b = Address.parse("b@example.com");

        List<WriteOutcome> first = connector.tag("L1", "vip", List.of(a, b), List.of());
        connector.tag("L1", "vip", List.of(), List.of(a));

        assertThat(first).containsExactly(new WriteOutcome.Applied(a, SubscriberHash.of(a), false),
                new WriteOutcome.Rejected(b, RejectReason.OTHER, "Email addresses not in the list"));
        assertThat(stub.seen("GET", "/lists/L1/segments")).hasSize(1);
        assertThat(stub.seen("POST", "/lists/L1/segments")).hasSize(1);
        assertThat(stub.seen("POST", "/lists/L1/segments/9")).hasSize(2);
        assertThat(stub.seen("POST", "/lists/L1/segments/9").get(1).body()).isEqualTo("{\"members_to_remove\":[\"a@example.com\"]}");
    }

    @Test
    void read_members_pages_by_offset_and_leaves_out_archived_members() {
        stub.on("GET /lists/L1/members",
                json(200, """
                        {"members":[
                          {"id":"h1","email_address":"a@example.com","status":"subscribed","merge_fields":{"CRMKEY":"K1","ADDRESS":{"city":"Bonn"}},
                           "tags":[{"id":1,"name":"vip"}],"last_changed":"2026-01-01T10:00:00+00:00"},
                          {"id":"h2","email_address":"b@example.com","status":"archived","merge_fields":{},"tags":[],"last_changed":""}]}"""),
                json(200, "{\"members\":[{\"id\":\"h3\",\"email_address\":\"c@example.com\",\"status\":\"transactional\"}]}"));

        MemberPage first = connector.readMembers("L1", null);
        MemberPage second = connector.readMembers("L1", first.nextPageToken());

        assertThat(first.members()).singleElement().satisfies(member -> {
            assertThat(member.memberId()).isEqualTo("h1");
            assertThat(member.status()).isEqualTo(SubscriptionStatus.SUBSCRIBED);
            assertThat(member.fields()).containsEntry("CRMKEY", "K1").containsEntry("ADDRESS", "{\"city\":\"Bonn\"}");
            assertThat(member.tags()).containsExactly("vip");
        });
        assertThat(first.nextPageToken()).isEqualTo("2");
        assertThat(stub.seen.get(1).query()).containsEntry("offset", "2").containsEntry("count", "2");
        assertThat(second.members()).singleElement().satisfies(member -> assertThat(member.status()).isEqualTo(SubscriptionStatus.NONE));
        assertThat(second.nextPageToken()).isNull();
    }

    @Test
    void prepare_audience_creates_only_missing_merge_fields() throws Exception {
        stub.on("GET /lists/L1/merge-fields", json(200, "{\"merge_fields\":[{\"tag\":\"FNAME\"},{\"tag\":\"CRMKEY\"}]}"));
        stub.on("POST /lists/L1/merge-fields", json(200, "{\"tag\":\"SEGMENT\",\"type\":\"text\"}"));

        connector.prepareAudience("L1", Set.of("crmkey", "SEGMENT"));

        assertThat(stub.seen("POST", "/lists/L1/merge-fields")).singleElement().satisfies(post ->
                assertThat(JSON.readTree(post.body())).isEqualTo(JSON.readTree("{\"tag\":\"SEGMENT\",\"name\":\"SEGMENT\",\"type\":\"text\"}")));
    }

    @Test
    void describe_audience_reads_the_list_and_its_merge_fields() {
        stub.on("GET /lists/L1", json(200, "{\"id\":\"L1\",\"name\":\"Newsletter\",\"double_optin\":true,\"stats\":{\"member_count\":42}}"));
        stub.on("GET /lists/L1/merge-fields", json(200, "{\"merge_fields\":[{\"tag\":\"FNAME\"}]}"));

        var audience = connector.describeAudience("L1");

        assertThat(audience).isEqualTo(new dev.listbridge.spi.AudienceInfo("L1", "Newsletter", true, 42, Set.of("FNAME")));
    }
}
