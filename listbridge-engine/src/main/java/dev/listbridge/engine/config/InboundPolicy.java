package dev.listbridge.engine.config;

/**
 * What happens to a signup in the tool whose address the ledger does not know (DESIGN.md 6.7); key
 * {@code inbound}, spelled {@code report | create | ignore}, default {@code report}.
 */
public enum InboundPolicy {
    /** List it in the cycle's report. */
    REPORT,
    /** Insert a CRM contact with the {@code signup} write-back statement. */
    CREATE,
    IGNORE
}
