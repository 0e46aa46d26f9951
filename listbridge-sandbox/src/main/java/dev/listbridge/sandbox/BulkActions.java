package dev.listbridge.sandbox;

import java.util.List;

/**
 * What {@link MailchimpSandbox#bulkRecipientActions} did: the addresses of the members that acted, per
 * action, as the audience spells them.
 */
public record BulkActions(List<String> unsubscribed, List<String> hardBounced, List<String> complained) {
    public BulkActions {
        unsubscribed = List.copyOf(unsubscribed);
        hardBounced = List.copyOf(hardBounced);
        complained = List.copyOf(complained);
    }

    /** All actions together. */
    public int size() {
        return unsubscribed.size() + hardBounced.size() + complained.size();
    }
}
