package dev.listbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.engine.CycleOutcome;
import dev.listbridge.engine.CycleReport;
import dev.listbridge.sandbox.MailchimpSandbox;
import dev.listbridge.sandbox.SandboxMember;
import dev.listbridge.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stories of the demo and the invariants of DESIGN.md section 3, end to end: a real CRM database,
 * the Mailchimp sandbox over HTTP, the connector, the engine and an SQLite state store.
 * Subclasses choose the CRM database.
 */
abstract class SyncStoriesIT extends StoryTest {
    @Override
    abstract TestDatabase database();

    @Test
    void initial_push_subscribes_consenting_contacts_with_fields_tags_and_crm_key() {
        h.customer(1, "Anna.Schmidt@Example.com", true, "B2C");
        h.customer(2, "ben@example.com", false, "B2B");
        h.customer(3, "clara@example.org", true, "B2B");

        CycleReport report = h.sync();

        assertThat(report.outcome()).isEqualTo(CycleOutcome.DONE);
        SandboxMember anna = sandbox.member(h.list, "anna.schmidt@example.com").orElseThrow();
        assertThat(anna.status()).isEqualTo("subscribed");
        assertThat(anna.mergeFields()).containsEntry("FNAME", "First1").containsEntry("CRMKEY", "1");
        assertThat(anna.tags()).contains("B2C");
        assertThat(h.status("ben@example.com")).isEqualTo("absent");
        assertThat(h.status("clara@example.org")).isEqualTo("subscribed");
    }

    @Test
    void invalid_addresses_are_reported_and_never_pushed_and_the_cycle_goes_on() {
        h.customer(1, "not an address", true, "B2C");
        h.customer(2, "", true, "B2C");
        h.customer(3, null, true, "B2C");
        h.customer(4, "ok@example.com", true, "B2C");

        CycleReport report = h.sync();

        assertThat(report.get("invalid addresses (not pushed)")).isEqualTo(3);
        assertThat(report.samples().get("invalid addresses (not pushed)")).anyMatch(s -> s.startsWith("1: "));
        assertThat(sandbox.members(h.list)).extracting(SandboxMember::email).containsExactly("ok@example.com");
    }

    @Test
    void address_change_reconfirms_the_new_address_and_its_echo_is_not_an_opt_out() {
        h.customer(17, "info@acme.example", true, "B2B");
        h.sync();
        h.update("UPDATE customers SET email = ? WHERE id = ?", "jane.doe@acme.example", 17);

        h.sync();
        CycleReport echo = h.sync();

        assertThat(h.status("info@acme.example")).isEqualTo("unsubscribed");
        assertThat(h.status("jane.doe@acme.example")).isEqualTo("pending");
        assertThat(h.newsletter(17)).as("the old address's unsubscribe is no opt-out of the contact").isTrue();
        assertThat(echo.get("crm write-backs")).isZero();
    }

    @Test
    void a_recipient_unsubscribe_sets_the_crm_flag_to_no_once() {
        h.customer(42, "max@example.com", true, "B2C");
        h.sync();
        sandbox.unsubscribe(h.list, "max@example.com", "not interested");

        CycleReport first = h.sync();
        CycleReport second = h.sync();

        assertThat(h.newsletter(42)).isFalse();
        assertThat(first.get("write-backs applied")).isEqualTo(1);
        assertThat(second.get("crm write-backs")).isZero();
        assertThat(h.status("max@example.com")).isEqualTo("unsubscribed");
    }

    @Test
    void a_write_back_the_crm_refuses_is_a_dead_letter_alone_and_the_other_opt_outs_reach_the_crm() {
        for (int id = 1; id <= 12; id++) {
            h.customer(id, "c" + id + "@example.com", true, "B2C");
        }
        h.sync();
        h.update("ALTER TABLE customers ADD CONSTRAINT keeps_seven CHECK (id <> 7 OR newsletter = TRUE)");
        for (int id = 1; id <= 12; id++) {
            sandbox.unsubscribe(h.list, "c" + id + "@example.com", "not interested");
        }

        CycleReport refused = h.sync();

        assertThat(refused.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(refused.get("write-backs applied")).isEqualTo(11);
        assertThat(refused.get(CycleReport.DEAD_LETTERS)).isEqualTo(1);
        assertThat(refused.samples().get(CycleReport.DEAD_LETTERS)).singleElement().asString().startsWith("writeback 7 ")
                .containsIgnoringCase("keeps_seven");
        assertThat(h.newsletter(6)).isFalse();
        assertThat(h.newsletter(7)).isTrue();
        assertThat(h.newsletter(8)).isFalse();

        h.update("ALTER TABLE customers DROP CONSTRAINT keeps_seven");
        CycleReport retried = h.sync();

        assertThat(retried.get("write-backs applied")).isEqualTo(1);
        assertThat(h.newsletter(7)).isFalse();
    }

    @Test
    void a_late_hard_bounce_is_recorded_for_the_old_address_and_leaves_the_new_one_untouched() {
        h.customer(17, "info@acme.example", true, "B2B");
        h.sync();
        h.update("UPDATE customers SET email = ? WHERE id = ?", "jane.doe@acme.example", 17);
        h.sync();
        sandbox.hardBounce(h.list, "info@acme.example");

        CycleReport report = h.sync();

        assertThat(report.get("hard bounces")).isEqualTo(1);
        assertThat(report.get("write-backs that matched no CRM row")).isEqualTo(1);
        assertThat(h.emailInvalid(17)).isFalse();
        assertThat(h.status("jane.doe@acme.example")).isEqualTo("pending");
        boolean suppressed = h.wiring().store().inTransaction(tx ->
                tx.suppressions().inForce("newsletter", "info@acme.example").isPresent());
        assertThat(suppressed).isTrue();
    }

    @Test
    void a_retired_address_signing_up_again_is_released_and_creates_no_contact() {
        h.customer(17, "info@acme.example", true, "B2B");
        h.sync();
        h.update("UPDATE customers SET email = ? WHERE id = ?", "jane.doe@acme.example", 17);
        h.sync();
        sandbox.signup(h.list, "info@acme.example", Map.of("FNAME", "Reception"));

        CycleReport report = h.sync();
        CycleReport next = h.sync();

        assertThat(report.get("retired addresses re-subscribed in the tool (released)")).isEqualTo(1);
        assertThat(h.value("SELECT COUNT(*) FROM customers")).isEqualTo("1");
        assertThat(next.get("crm write-backs")).isZero();
        assertThat(h.status("info@acme.example")).isNotEqualTo("unsubscribed");
    }

    @Test
    void an_unknown_signup_in_the_tool_is_reported_not_created() {
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        sandbox.signup(h.list, "stranger@example.com", Map.of());

        CycleReport report = h.sync();

        assertThat(report.get("signups in the tool unknown to the CRM (reported)")).isEqualTo(1);
        assertThat(h.value("SELECT COUNT(*) FROM customers")).isEqualTo("1");
    }

    @Test
    void a_new_customer_is_pushed_in_the_next_cycle_and_unchanged_ones_cost_no_write() {
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        sandbox.clearRequests();
        h.customer(2, "b@example.com", true, "B2C");

        CycleReport report = h.sync();

        assertThat(report.get("new members")).isEqualTo(1);
        assertThat(h.status("b@example.com")).isEqualTo("subscribed");
        assertThat(sandbox.requests()).filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/lists/" + h.list))
                .hasSize(1).allSatisfy(r -> assertThat(r.body()).doesNotContain("a@example.com"));
    }

    @Test
    void a_change_of_case_only_is_no_address_change() {
        h.customer(1, "anna@example.com", true, "B2C");
        h.sync();
        h.update("UPDATE customers SET email = ? WHERE id = ?", "Anna@Example.com", 1);

        CycleReport report = h.sync();

        assertThat(report.get("address changes")).isZero();
        assertThat(h.status("anna@example.com")).isEqualTo("subscribed");
    }

    @Test
    void an_opted_out_address_is_not_resubscribed_without_newer_consent() {
        h.customer(1, "anna@example.com", true, "B2C");
        h.sync();
        sandbox.unsubscribe(h.list, "anna@example.com", "manual");
        h.sync();
        h.update("UPDATE customers SET newsletter = TRUE WHERE id = 1");

        CycleReport stale = h.sync();
        assertThat(h.status("anna@example.com")).isEqualTo("unsubscribed");
        assertThat(stale.counts().keySet()).anyMatch(k -> k.startsWith("suppressed in the tool"));

        h.update("UPDATE customers SET newsletter = TRUE, consent_at = CURRENT_TIMESTAMP + INTERVAL '1' DAY WHERE id = 1");
        h.sync();
        assertThat(h.status("anna@example.com")).as("newer consent: double opt-in at most").isEqualTo("pending");
    }

    @Test
    void duplicate_crm_keys_push_nothing_and_name_the_key() {
        crm.execute("DROP TABLE customers",
                "CREATE TABLE customers (id INT, email VARCHAR(320), newsletter BOOLEAN NOT NULL, consent_at TIMESTAMP NULL, "
                        + "first_name VARCHAR(100), last_name VARCHAR(100), segment VARCHAR(20), email_invalid BOOLEAN DEFAULT FALSE NOT NULL)");
        h.customer(1, "a@example.com", true, "B2C");
        h.update("INSERT INTO customers (id, email, newsletter, segment) VALUES (7, 'x@example.com', TRUE, 'B2C')");
        h.update("INSERT INTO customers (id, email, newsletter, segment) VALUES (7, 'y@example.com', TRUE, 'B2C')");

        CycleReport report = h.sync();

        assertThat(report.outcome()).isEqualTo(CycleOutcome.FAILED);
        assertThat(report.messages()).anyMatch(m -> m.contains("duplicate CRM keys") && m.contains("7"));
        assertThat(sandbox.members(h.list)).isEmpty();
    }

    @Test
    void the_blast_radius_guard_holds_a_mass_unsubscribe_until_forced() {
        h.audience("blastRadius: 5%");
        for (int id = 1; id <= 40; id++) {
            h.customer(id, "c" + id + "@example.com", true, "B2C");
        }
        h.sync();
        h.update("UPDATE customers SET newsletter = FALSE WHERE id <= 10");

        CycleReport held = h.sync();
        assertThat(held.outcome()).isEqualTo(CycleOutcome.HELD);
        assertThat(h.status("c1@example.com")).isEqualTo("subscribed");

        CycleReport forced = h.sync(true);
        assertThat(forced.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(h.status("c1@example.com")).isEqualTo("unsubscribed");
    }

    @Test
    void the_blast_radius_guard_holds_mass_write_backs_to_the_crm() {
        h.audience("blastRadius: 5%");
        for (int id = 1; id <= 40; id++) {
            h.customer(id, "c" + id + "@example.com", true, "B2C");
        }
        h.sync();
        for (int id = 1; id <= 10; id++) {
            sandbox.unsubscribe(h.list, "c" + id + "@example.com", "manual");
        }

        CycleReport held = h.sync();

        assertThat(held.outcome()).isEqualTo(CycleOutcome.HELD);
        assertThat(h.newsletter(1)).isTrue();
        assertThat(h.sync(true).outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(h.newsletter(1)).isFalse();
    }

    @Test
    void plan_writes_nothing_to_the_crm_or_the_tool_and_moves_no_cursor() {
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        sandbox.unsubscribe(h.list, "a@example.com", "manual");
        h.customer(2, "b@example.com", true, "B2C");
        sandbox.clearRequests();

        CycleReport plan = h.plan();
        CycleReport again = h.plan();

        assertThat(plan.get("new members")).isEqualTo(1);
        assertThat(plan.get("opt-outs")).isEqualTo(1);
        assertThat(again.counts()).isEqualTo(plan.counts());
        assertThat(sandbox.requests()).allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(h.newsletter(1)).isTrue();
        assertThat(h.status("b@example.com")).isEqualTo("absent");
    }

    @Test
    void existing_members_are_adopted_by_address_and_foreign_members_are_never_changed() {
        sandbox.signup(h.list, "anna@example.com", Map.of("FNAME", "Anna"));
        sandbox.confirm(h.list, "anna@example.com");
        sandbox.signup(h.list, "foreign@example.com", Map.of("FNAME", "Foreign"));
        sandbox.confirm(h.list, "foreign@example.com");
        h.customer(1, "anna@example.com", true, "B2C");

        CycleReport report = h.sync();

        assertThat(report.get("members adopted")).isEqualTo(1);
        assertThat(sandbox.member(h.list, "anna@example.com").orElseThrow().mergeFields()).containsEntry("CRMKEY", "1");
        SandboxMember foreign = sandbox.member(h.list, "foreign@example.com").orElseThrow();
        assertThat(foreign.status()).isEqualTo("subscribed");
        assertThat(foreign.mergeFields()).doesNotContainKey("CRMKEY");
    }

    @Test
    void a_shared_address_is_one_member_and_an_opt_out_reaches_every_contact_sharing_it() {
        h.customer(5, "info@company.example", true, "B2B");
        h.customer(3, "INFO@company.example", true, "B2B");
        h.sync();
        assertThat(sandbox.members(h.list)).hasSize(1);
        assertThat(sandbox.member(h.list, "info@company.example").orElseThrow().mergeFields()).containsEntry("CRMKEY", "3");

        sandbox.unsubscribe(h.list, "info@company.example", "manual");
        h.sync();

        assertThat(h.newsletter(3)).isFalse();
        assertThat(h.newsletter(5)).isFalse();
    }

    @Test
    void a_pending_member_is_not_sent_double_opt_in_again_every_cycle() {
        h.audience("newMembers: pending");
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        assertThat(h.status("a@example.com")).isEqualTo("pending");
        sandbox.clearRequests();

        h.sync();

        assertThat(sandbox.requests()).noneMatch(r -> !r.method().equals("GET") && r.body() != null
                && r.body().contains("a@example.com"));
    }

    @Test
    void transfer_renames_the_member_in_place() {
        h.audience("addressChange: transfer");
        h.customer(1, "old@example.com", true, "B2C");
        h.sync();
        h.update("UPDATE customers SET email = ? WHERE id = ?", "new@example.com", 1);

        h.sync();

        assertThat(h.status("old@example.com")).isEqualTo("absent");
        assertThat(h.status("new@example.com")).isEqualTo("subscribed");
        assertThat(sandbox.members(h.list)).as("renamed, not unsubscribed and re-added").hasSize(1);
    }

    @Test
    void a_contact_leaving_the_selection_is_unsubscribed() {
        h.customer(1, "a@example.com", true, "B2C");
        h.customer(2, "b@example.com", true, "B2C");
        h.sync();
        h.update("DELETE FROM customers WHERE id = 2");

        CycleReport report = h.sync();

        assertThat(report.get("contacts that left the selection")).isEqualTo(1);
        assertThat(h.status("b@example.com")).isEqualTo("unsubscribed");
        assertThat(h.newsletter(1)).isTrue();
    }

    @Test
    void a_complaint_counts_as_an_opt_out() {
        h.customer(1, "a@example.com", true, "B2C");
        h.sync();
        sandbox.complain(h.list, "a@example.com", "campaign1");

        CycleReport report = h.sync();

        assertThat(h.newsletter(1)).isFalse();
        // the member, unsubscribed by the complaint (often in the second it was subscribed in), is read after the abuse
        // report: the state the complaint left, not a second opt-out written back again
        assertThat(report.get("complaints")).isEqualTo(1);
        assertThat(report.get("opt-outs")).isZero();
        assertThat(report.get("crm write-backs")).isEqualTo(1);
        assertThat(report.get("events without change")).isEqualTo(1);
        boolean everywhere = h.wiring().store().inTransaction(tx ->
                tx.suppressions().inForce("other-audience", "a@example.com").isPresent());
        assertThat(everywhere).as("complaints hold for the address everywhere").isTrue();
    }

    @Test
    void an_incremental_cycle_syncs_only_the_contacts_whose_keys_it_is_given() {
        h.customer(1, "anna@example.com", true, "B2C");
        h.customer(2, "ben@example.com", true, "B2C");
        h.customer(3, "clara@example.com", true, "B2C");
        h.customer(4, "dora@example.com", true, "B2C");
        h.sync();
        h.update("UPDATE customers SET email = ? WHERE id = ?", "anna.new@example.com", 1);
        h.update("UPDATE customers SET last_name = ? WHERE id = ?", "Changed", 2);
        h.update("DELETE FROM customers WHERE id IN (3, 4)");

        CycleReport report = h.syncChanged(java.util.Set.of("1", "3"));

        assertThat(report.outcome()).isEqualTo(CycleOutcome.DONE);
        assertThat(h.status("anna@example.com")).isEqualTo("unsubscribed");
        assertThat(h.status("anna.new@example.com")).isEqualTo("pending");
        assertThat(h.status("clara@example.com")).as("given and deleted: left the selection").isEqualTo("unsubscribed");
        assertThat(h.status("dora@example.com")).as("deleted, but not given").isEqualTo("subscribed");
        assertThat(sandbox.member(h.list, "ben@example.com").orElseThrow().mergeFields()).containsEntry("LNAME", "Last2");
        String kind = h.wiring().store().inTransaction(tx -> tx.runs().kind(report.runId())).orElseThrow();
        assertThat(kind).isEqualTo("incremental");

        CycleReport full = h.sync();
        assertThat(full.get("contacts that left the selection")).isEqualTo(1);
        assertThat(sandbox.member(h.list, "ben@example.com").orElseThrow().mergeFields()).containsEntry("LNAME", "Changed");
    }
}
