package dev.listbridge.sandbox;

import java.util.Map;

/**
 * Counts of one audience, read without listing its members (a million of them would be a large answer).
 *
 * @param members      all members, archived ones included
 * @param byStatus     members per wire status ({@code subscribed}, {@code pending}, ...); only statuses held
 * @param tags         members per tag (static segment), whatever their status, in tag creation order
 * @param abuseReports the spam complaints on file
 */
public record SandboxListStats(int members, Map<String, Integer> byStatus, Map<String, Integer> tags, int abuseReports) {
    public SandboxListStats {
        byStatus = Map.copyOf(byStatus);
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    }

    /** Members with this wire status; 0 when none. */
    public int withStatus(String status) {
        return byStatus.getOrDefault(status, 0);
    }
}
