package dev.listbridge.sandbox.internal.model;

import static dev.listbridge.sandbox.internal.model.MemberStatus.ARCHIVED;
import static dev.listbridge.sandbox.internal.model.MemberStatus.CLEANED;
import static dev.listbridge.sandbox.internal.model.MemberStatus.PENDING;
import static dev.listbridge.sandbox.internal.model.MemberStatus.SUBSCRIBED;
import static dev.listbridge.sandbox.internal.model.MemberStatus.TRANSACTIONAL;
import static dev.listbridge.sandbox.internal.model.MemberStatus.UNSUBSCRIBED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which status changes the API may make (people are not bound by these). */
class StatusPolicyTest {

    @ParameterizedTest(name = "{0} -> {2} (complained: {1}) allowed: {3}")
    @CsvSource({
            // new members may start in any writable status
            ",             false, SUBSCRIBED,    true",
            ",             false, CLEANED,       true",
            // the compliance state: no way back to subscribed through the API
            "UNSUBSCRIBED, false, SUBSCRIBED,    false",
            "CLEANED,      false, SUBSCRIBED,    false",
            "UNSUBSCRIBED, false, TRANSACTIONAL, false",
            // re-opt-in by confirmation mail is allowed after an unsubscribe, not after a bounce or complaint
            "UNSUBSCRIBED, false, PENDING,       true",
            "UNSUBSCRIBED, true,  PENDING,       false",
            "CLEANED,      false, PENDING,       false",
            // leaving is always allowed
            "SUBSCRIBED,   false, UNSUBSCRIBED,  true",
            "CLEANED,      false, UNSUBSCRIBED,  true",
            "PENDING,      false, UNSUBSCRIBED,  true",
            "PENDING,      false, SUBSCRIBED,    true",
            "SUBSCRIBED,   false, PENDING,       true",
            "TRANSACTIONAL, false, SUBSCRIBED,   true",
            "UNSUBSCRIBED, false, UNSUBSCRIBED,  true",
            "SUBSCRIBED,   false, ARCHIVED,      false",
    })
    void api_status_changes_follow_mailchimps_compliance_rules(MemberStatus from, boolean complained, MemberStatus to, boolean allowed) {
        assertThat(StatusPolicy.apiMaySet(from, complained, to)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({"SUBSCRIBED, true", "UNSUBSCRIBED, true", "TRANSACTIONAL, true", "PENDING, false", "CLEANED, false", "ARCHIVED, false"})
    void archiving_is_refused_for_pending_cleaned_and_archived_members(MemberStatus from, boolean allowed) {
        assertThat(StatusPolicy.apiMayArchive(from)).isEqualTo(allowed);
        assertThat(ARCHIVED.writable()).isFalse();
        assertThat(SUBSCRIBED.writable() && PENDING.writable() && CLEANED.writable() && UNSUBSCRIBED.writable() && TRANSACTIONAL.writable()).isTrue();
    }
}
