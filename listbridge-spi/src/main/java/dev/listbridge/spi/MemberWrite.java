package dev.listbridge.spi;

import java.util.Map;
import java.util.Objects;

/**
 * Create or update one member: the status it should have and the fields to set (the CRM key field
 * included). Fields not named are left as they are in the tool.
 *
 * @param status SUBSCRIBED, PENDING (the tool sends double opt-in) or UNSUBSCRIBED
 */
public record MemberWrite(Address address, SubscriptionStatus status, Map<String, String> fields) {
    public MemberWrite {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        if (status != SubscriptionStatus.SUBSCRIBED && status != SubscriptionStatus.PENDING
                && status != SubscriptionStatus.UNSUBSCRIBED) {
            throw new IllegalArgumentException("a write sets SUBSCRIBED, PENDING or UNSUBSCRIBED, not " + status);
        }
        fields = Map.copyOf(fields);
    }
}
