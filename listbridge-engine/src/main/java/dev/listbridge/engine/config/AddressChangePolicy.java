package dev.listbridge.engine.config;

/**
 * What happens in the tool when a contact's address changes in the CRM (DESIGN.md 6.2); key
 * {@code addressChange}, spelled {@code transfer | reconfirm | drop}, default {@code reconfirm}.
 */
public enum AddressChangePolicy {
    /** Rename the member in place where the tool supports it, keeping its history. */
    TRANSFER,
    /** Unsubscribe the old member and add the new address as pending, so the tool sends double opt-in. */
    RECONFIRM,
    /** Unsubscribe the old member; the new address only after fresh consent. */
    DROP
}
