package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/** The changes both API writes and recipient actions make to a member, with their time stamps. */
final class MemberChanges {
    /** What Mailchimp shows as the reason when an admin or the API unsubscribed someone [3p: recorded responses]. */
    static final String ADMIN_UNSUBSCRIBE_REASON = "N/A (Unsubscribed by admin)";

    private MemberChanges() {
    }

    /**
     * Sets the status and what goes with it: the opt-in time when someone becomes subscribed,
     * the reason while unsubscribed. Returns whether anything changed.
     */
    static boolean status(Member member, MemberStatus to, Instant now, String unsubscribeReason) {
        if (member.status() == to) {
            return false;
        }
        member.status(to);
        if (to == MemberStatus.SUBSCRIBED) {
            member.timestampOpt(now);
        }
        if (to == MemberStatus.UNSUBSCRIBED) {
            member.unsubscribeReason(unsubscribeReason);
        } else if (to != MemberStatus.ARCHIVED) {
            member.unsubscribeReason(null);
        }
        return true;
    }

    /** Merges values in (fields not named keep theirs, as in Mailchimp). Returns whether any changed. */
    static boolean mergeFields(Member member, Map<String, String> values) {
        boolean changed = false;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String previous = member.mergeFields().put(entry.getKey(), entry.getValue());
            changed |= !Objects.equals(previous, entry.getValue());
        }
        return changed;
    }

    static void touched(Member member, Instant now) {
        member.lastChanged(now);
    }
}
