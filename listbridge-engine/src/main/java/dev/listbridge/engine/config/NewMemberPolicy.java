package dev.listbridge.engine.config;

/**
 * The status a new member gets in the tool (DESIGN.md 6.10); key {@code newMembers}, spelled
 * {@code subscribed | pending}, default {@code subscribed}.
 */
public enum NewMemberPolicy {
    /** The CRM's consent already is double opt-in. */
    SUBSCRIBED,
    /** The tool confirms the address (double opt-in). */
    PENDING
}
