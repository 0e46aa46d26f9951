package dev.listbridge.sandbox.internal.model;

import java.time.Instant;
import java.util.Map;

/** A spam complaint about one campaign, as {@code GET /lists/{list_id}/abuse-reports} lists it. */
public record AbuseReport(long id, String campaignId, String listId, String emailId, String emailAddress,
                          Instant date, Map<String, String> mergeFields, boolean vip) {
}
