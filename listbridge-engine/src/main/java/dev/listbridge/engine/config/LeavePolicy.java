package dev.listbridge.engine.config;

/**
 * What happens to a member whose contact leaves the selection or is deleted in the CRM (DESIGN.md
 * 6.6); key {@code onLeave}, spelled {@code unsubscribe | archive | keep}, default {@code unsubscribe}.
 */
public enum LeavePolicy {
    UNSUBSCRIBE,
    ARCHIVE,
    KEEP
}
