package dev.listbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.listbridge.store.AuditRow;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A contact's timeline names who changed its consent: the CRM's consent changes that are Listbridge's own write-backs
 * of a recipient's opt-out or re-subscription are not recorded again as changes made in the CRM; changes made in
 * the CRM are.
 */
class CrmConsentTimelineTest extends FakeEngineFixture {
    private static final Instant CONSENT = Instant.parse("2025-01-01T00:00:00Z");
    private SyncEngine engine;

    @BeforeEach
    void twoSubscribedContacts() {
        engine = engineFrom(withAudienceLines(fakeConfig("confirmed: UPDATE c SET n = TRUE WHERE id = :key")));
        crm.consentSetBy.put("unsubscribed", false);
        crm.consentSetBy.put("confirmed", true);
        crm.put("1", "r1@example.com", true, CONSENT, "B2C");
        crm.put("2", "r2@example.com", true, CONSENT, "B2C");
        engine.sync(false);
    }

    @Test
    void an_opt_out_and_a_re_subscription_written_back_are_not_recorded_as_changes_made_in_the_crm() {
        tool.recipientUnsubscribes("r1@example.com");
        engine.sync(false); // written back, and the same cycle reads the CRM's consent revoked
        tool.memberAppears("r1@example.com", java.util.Map.of()); // subscribed again through the tool's form
        engine.sync(false);
        engine.sync(false);

        assertThat(crm.contacts.get("1").consent()).isTrue();
        assertThat(kinds("1")).containsSubsequence("unsubscribed", "crm_write_back", "resubscribed_in_tool", "crm_write_back")
                .doesNotContain("consent_revoked_in_crm", "consent_granted_in_crm");
    }

    @Test
    void a_write_back_of_an_earlier_cycle_that_the_crm_shows_only_now_is_not_recorded_as_a_change_made_in_the_crm() {
        crm.consentSetBy.clear(); // the CRM takes the opt-out in later, as a replicated or queued update would
        tool.recipientUnsubscribes("r1@example.com");
        engine.sync(false);
        assertThat(crm.contacts.get("1").consent()).isTrue();
        crm.put("1", "r1@example.com", false, CONSENT, "B2C");
        engine.sync(false);

        assertThat(kinds("1")).containsSubsequence("unsubscribed", "crm_write_back").doesNotContain("consent_revoked_in_crm");
    }

    @Test
    void consent_changed_in_the_crm_is_recorded_as_such_even_after_a_write_back() {
        tool.recipientUnsubscribes("r1@example.com");
        engine.sync(false);
        crm.put("1", "r1@example.com", true, Instant.parse("2026-01-01T00:00:00Z"), "B2C"); // the customer agrees again
        crm.put("2", "r2@example.com", false, CONSENT, "B2C"); // an admin revokes, no event behind it
        engine.sync(false);
        crm.put("1", "r1@example.com", false, Instant.parse("2026-01-01T00:00:00Z"), "B2C"); // and an admin revokes
        engine.sync(false);

        assertThat(kinds("1")).containsSubsequence("unsubscribed", "crm_write_back", "consent_granted_in_crm",
                "consent_revoked_in_crm");
        assertThat(kinds("1")).filteredOn("consent_revoked_in_crm"::equals).hasSize(1);
        assertThat(kinds("2")).contains("consent_revoked_in_crm").doesNotContain("crm_write_back");
    }

    private List<String> kinds(String contactKey) {
        return store.inTransaction(tx -> tx.audit().timeline(contactKey, List.of())).stream().map(AuditRow::kind).toList();
    }
}
