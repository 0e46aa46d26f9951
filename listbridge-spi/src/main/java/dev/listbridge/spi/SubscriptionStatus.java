package dev.listbridge.spi;

/** Subscription state per (audience, address), DESIGN.md section 2. */
public enum SubscriptionStatus {
    SUBSCRIBED,
    /** Double opt-in sent, not yet confirmed. */
    PENDING,
    UNSUBSCRIBED,
    /** Hard bounced. */
    CLEANED,
    COMPLAINED,
    ARCHIVED,
    /** Not a member. */
    NONE;

    /** Whether mail reaches the member in this state. */
    public boolean receivesMail() {
        return this == SUBSCRIBED;
    }
}
