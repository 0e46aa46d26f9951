package dev.listbridge.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A member as the tool holds it. */
public record RemoteMember(String memberId, Address address, SubscriptionStatus status,
                           Map<String, String> fields, Set<String> tags, Instant lastChanged) {
    public RemoteMember {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(status, "status");
        fields = Map.copyOf(fields);
        tags = Set.copyOf(tags);
    }
}
