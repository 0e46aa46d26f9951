package dev.listbridge.spi;

/** Why a tool refused one record. */
public enum RejectReason {
    /** The tool considers the address invalid or fake. */
    INVALID_ADDRESS,
    /**
     * The member is unsubscribed, cleaned or under compliance review and may not be subscribed by
     * the API; at most a double opt-in ({@link SubscriptionStatus#PENDING}) is possible, where the
     * tool allows it.
     */
    COMPLIANCE_STATE,
    /** The member does not exist in the tool. */
    NOT_FOUND,
    /** The target address already belongs to another member (e.g. on a rename). */
    CONFLICT,
    /** Anything else; the tool's message says what. */
    OTHER
}
