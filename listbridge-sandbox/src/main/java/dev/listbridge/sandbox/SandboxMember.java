package dev.listbridge.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one member as the sandbox holds it (what the API would show, read without a request).
 *
 * @param id                the subscriber hash (MD5 of the lowercased address); changes with the address
 * @param email             the address as spelled when added or last changed
 * @param status            Mailchimp's wire value: subscribed, unsubscribed, cleaned, pending, transactional, archived
 * @param mergeFields       values by merge tag (FNAME, ...), as text; only fields that were set
 * @param tags              tag (static segment) names, in tag creation order
 * @param lastChanged       the last change, to the second
 * @param timestampSignup   when the member signed up; null when unknown (Mailchimp then writes "")
 * @param timestampOpt      when the member opted in; null when never
 * @param contactId         stable across address changes
 * @param uniqueEmailId     Mailchimp's 10-hex-char unique email id
 * @param webId             the numeric id of the member's page in the web app
 * @param source            how the member was added: "API - Generic", "Hosted Signup Form"
 * @param unsubscribeReason why the member is unsubscribed; null unless unsubscribed
 * @param complained        whether the member reported a campaign as spam (abuse report on file)
 * @param listId            the audience
 */
public record SandboxMember(String id, String email, String status, Map<String, String> mergeFields, List<String> tags,
                            Instant lastChanged, Instant timestampSignup, Instant timestampOpt, String contactId,
                            String uniqueEmailId, long webId, String source, String unsubscribeReason,
                            boolean complained, String listId) {
    public SandboxMember {
        mergeFields = Map.copyOf(mergeFields);
        tags = List.copyOf(tags);
    }
}
