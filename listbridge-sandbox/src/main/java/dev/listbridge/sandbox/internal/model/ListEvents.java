package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds webhook events in the shape of Mailchimp's documented examples
 * ({@code specs/mailchimp/webhooks/*.parsed.json} [doc]; upemail and cleaned fields [3p]).
 * {@code data[id]} is the member's 10-hex-char unique email id, like the examples' "8a25ff1d98" [inf].
 */
final class ListEvents {
    private ListEvents() {
    }

    static ListEvent subscribe(Audience audience, Member member, String source, Instant now) {
        return new ListEvent(audience.id(), "subscribe", source, now, memberData(audience, member));
    }

    static ListEvent profile(Audience audience, Member member, String source, Instant now) {
        return new ListEvent(audience.id(), "profile", source, now, memberData(audience, member));
    }

    static ListEvent unsubscribe(Audience audience, Member member, String source, Instant now,
                                 String action, String reason, String campaignId) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("action", action);
        data.put("reason", reason);
        data.putAll(memberData(audience, member));
        if (campaignId != null) {
            data.put("campaign_id", campaignId);
        }
        return new ListEvent(audience.id(), "unsubscribe", source, now, data);
    }

    static ListEvent cleaned(Audience audience, Member member, String source, Instant now, String reason, String campaignId) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("list_id", audience.id());
        data.put("campaign_id", campaignId == null ? "" : campaignId);
        data.put("reason", reason);
        data.put("email", member.emailAddress());
        return new ListEvent(audience.id(), "cleaned", source, now, data);
    }

    static ListEvent upemail(Audience audience, Member member, String oldAddress, String source, Instant now) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("list_id", audience.id());
        data.put("new_id", member.uniqueEmailId());
        data.put("new_email", member.emailAddress());
        data.put("old_email", oldAddress);
        return new ListEvent(audience.id(), "upemail", source, now, data);
    }

    private static Map<String, String> memberData(Audience audience, Member member) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("id", member.uniqueEmailId());
        data.put("list_id", audience.id());
        data.put("email", member.emailAddress());
        data.put("email_type", member.emailType());
        data.put("ip_opt", member.ipOpt());
        data.put("ip_signup", member.ipSignup());
        data.put("merges[EMAIL]", member.emailAddress());
        for (MergeField field : audience.mergeFields()) {
            data.put("merges[" + field.tag() + "]", member.mergeFields().getOrDefault(field.tag(), ""));
        }
        return data;
    }
}
